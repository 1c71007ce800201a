/**
 * The province of Souss-Massa nearest to a shared location, by the seat of each prefecture or
 * province (research.md, B1). Far from all of them: elsewhere in Morocco, or abroad.
 */
const SEATS: { province: string; lat: number; lon: number }[] = [
  { province: 'agadir-ida-outanane', lat: 30.4278, lon: -9.5981 },
  { province: 'inezgane-ait-melloul', lat: 30.3553, lon: -9.5381 },
  { province: 'chtouka-ait-baha', lat: 30.2147, lon: -9.3731 },
  { province: 'taroudant', lat: 30.4703, lon: -8.877 },
  { province: 'tiznit', lat: 29.6974, lon: -9.7316 },
  { province: 'tata', lat: 29.7428, lon: -7.9725 },
];

function km(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(bLat - aLat) / 2) ** 2 + Math.cos(r(aLat)) * Math.cos(r(bLat)) * Math.sin(r(bLon - aLon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Morocco's rough bounding box (with the southern provinces). */
function inMorocco(lat: number, lon: number): boolean {
  return lat >= 20.7 && lat <= 35.95 && lon >= -17.2 && lon <= -0.9;
}

export function provinceFromLocation(latitude: number, longitude: number): string {
  let best = SEATS[0]!;
  let bestKm = Infinity;
  for (const s of SEATS) {
    const d = km(latitude, longitude, s.lat, s.lon);
    if (d < bestKm) {
      best = s;
      bestKm = d;
    }
  }
  if (bestKm <= 120) return best.province;
  return inMorocco(latitude, longitude) ? 'elsewhere-morocco' : 'abroad';
}

/** The i18n key of a province's label (provinces.*). */
export const PROVINCE_LABEL_KEYS: Record<string, string> = {
  'agadir-ida-outanane': 'provinces.agadir',
  'inezgane-ait-melloul': 'provinces.inezgane',
  'chtouka-ait-baha': 'provinces.chtouka',
  taroudant: 'provinces.taroudant',
  tiznit: 'provinces.tiznit',
  tata: 'provinces.tata',
  'elsewhere-morocco': 'provinces.elsewhere',
  abroad: 'provinces.abroad',
};
