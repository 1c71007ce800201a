import { normalizeText } from './normalize.js';

/**
 * Words that carry no topic, in the languages people write in. Normalized with the same function
 * as the index, so "qu'est-ce", "كيفاش" and "kifach" are all caught.
 */
const RAW = `
le la les l un une des de du d au aux a à et ou ou est es sont suis je j me m moi mon ma mes tu te t toi ton ta tes
il elle on nous vous ils elles leur leurs se s son sa ses ce cet cette ces c ça ca qui que qu quoi quel quelle quels
quelles comment pourquoi quand combien où ou dans en par pour sur avec sans sous chez ne pas plus y a-t-il est-ce
puis peux peut pouvez faire fait fais dois doit être etre avoir ai as ont veux veut voudrais besoin aide aidez svp
merci bonjour salut bonsoir oui non si alors mais donc car comme tout tous toute très tres bien faut il-y-a
the a an of to in on at for from by with without and or is are am be been being was were i me my mine you your
he she it we they them their this that these those what which who whom how why when where can could do does did
have has had will would should may might must want need please hello hi thanks thank yes no not any some get
el la los las un una unos unas de del al y o es son soy estoy yo mi mis tu tus su sus que qué como cómo cuando
cuándo donde dónde por para con sin en se me te lo le les hay puedo puede quiero necesito hola gracias muy tengo tiene tienen tener ir
في من الى إلى على عن مع هل ما ماذا كيف متى اين أين لماذا كم انا أنا انت أنت هو هي نحن هم هذا هذه ذلك التي الذي
او أو و ثم لا نعم اريد أريد ممكن يمكن عندي لدي لي
واش كيفاش كيف شنو اشنو أشنو اش علاش فين فاين منين شحال بغيت بغينا عافاك عفاك السلام سلام شكرا بزاف ديال ديالي
دابا راه راني واحد شي هاد هادي هادا غير حتى باش كاين كاينة عندي
wach wech kifach kifash chno achno ach 3lach fin fine mnin ch7al bghit bghina 3afak afak salam slm chokran choukran
bzaf bzzaf dyal dial diali dyali daba rah rani wahed wa7ed chi had hadi hada ghir hta bach kayn kayna 3andi andi f fi
ana nta nti howa hia hna homa mn men m3a ma3a lli li o w wla ola ndir dir ndiro khasni khas khassni khasna 3endi yemken ymken momkin mumkin
نعمل ندير دير خاصني خاص خصني ماعنديش ماعندي معنديش مكاينش ماكاينش
ma3ndich ma3andich ma3ndi makaynch makaynach
riɣ righ rix ad mad mani is ur dari ghik igh ayd nk nkk
bonne nuit bonsoir bonjour good morning night evening ok okay d'accord dacord merci beaucoup salam alaykum
`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  RAW.split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => normalizeText(w).split(' '))
    .filter(Boolean),
);
