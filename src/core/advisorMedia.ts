/**
 * What reaches an advisor of what a person sends during a handoff: photos, voice notes and
 * documents (PDF), of these types only (the bytes are checked again when they arrive:
 * media/sniffMediaType.ts). Everything else is named in the conversation, never kept.
 */
export const ADVISOR_MEDIA_KINDS = ['image', 'audio', 'document'] as const;
export type AdvisorMediaKind = (typeof ADVISOR_MEDIA_KINDS)[number];

/** The types kept, as sniffed from the bytes (and served with this Content-Type). */
export const ADVISOR_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'audio/ogg', 'audio/mp4', 'application/pdf'] as const;
export type AdvisorMediaType = (typeof ADVISOR_MEDIA_TYPES)[number];

/** What channels call these types (WhatsApp's "audio/ogg; codecs=opus", "image/jpg", "audio/x-m4a"…). */
const DECLARED: Record<string, AdvisorMediaType> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/webp': 'image/webp',
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'audio/mp4': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'audio/aac': 'audio/mp4',
  'application/pdf': 'application/pdf',
};

export const isAdvisorMediaKind = (kind: string | undefined): kind is AdvisorMediaKind => (ADVISOR_MEDIA_KINDS as readonly string[]).includes(kind ?? '');

/** A type the channel declared, if we can tell: null when it says nothing (the bytes will tell). */
export function declaredMediaType(type: string | undefined): AdvisorMediaType | 'refused' | null {
  if (!type) return null;
  const base = type.split(';')[0]!.trim().toLowerCase();
  if (base === 'application/octet-stream') return null;
  return DECLARED[base] ?? 'refused';
}
