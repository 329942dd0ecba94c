/**
 * Dutch sentiment lexicon in the AFINN style (-5 .. 5), written for this project because the
 * `sentiment` package ships English only. It covers everyday customer-service Dutch: praise,
 * thanks, frustration, delay and breakage words. Inflected forms are listed where they are common.
 */
export const DUTCH_LABELS: Readonly<Record<string, number>> = {
  // positive
  goed: 2, goede: 2, prima: 2, top: 3, super: 3, geweldig: 4, geweldige: 4, fantastisch: 4, uitstekend: 4, uitstekende: 4,
  perfect: 3, perfecte: 3, mooi: 2, mooie: 2, fijn: 2, fijne: 2, blij: 3, tevreden: 2, dankbaar: 3, bedankt: 2, dank: 2,
  dankjewel: 2, dankuwel: 2, bedank: 2, vriendelijk: 2, vriendelijke: 2, behulpzaam: 2, snel: 1, snelle: 1, handig: 2,
  aanrader: 3, aanbevelen: 2, opgelost: 2, tof: 2, leuk: 2, leuke: 2, heerlijk: 3, duidelijk: 1, duidelijke: 1,
  correct: 1, keurig: 2, netjes: 2, professioneel: 2, excellent: 3, blije: 3, geholpen: 2, waardering: 2, complimenten: 3,
  compliment: 3, genieten: 2, geniet: 2, verrast: 1, 'fijn!': 2, gelukt: 2, werkt: 0,
  // negative
  slecht: -3, slechte: -3, slechter: -3, slechtste: -4, teleurgesteld: -2, teleurstellend: -2, teleurstelling: -2,
  boos: -3, woedend: -4, kwaad: -3, ontevreden: -2, belachelijk: -3, schandalig: -4, schande: -4, waardeloos: -3,
  waardeloze: -3, verschrikkelijk: -3, vreselijk: -3, vreselijke: -3, irritant: -2, geïrriteerd: -2, gefrustreerd: -2,
  frustrerend: -2, frustratie: -2, klacht: -2, klachten: -2, probleem: -1, problemen: -1, kapot: -2, kapotte: -2,
  beschadigd: -2, beschadigde: -2, defect: -2, defecte: -2, fout: -2, fouten: -2, foutmelding: -2, verkeerd: -2,
  verkeerde: -2, vertraging: -1, vertraagd: -1, laat: -1, traag: -2, trage: -2, onbeschoft: -3, onvriendelijk: -2,
  onacceptabel: -3, onaanvaardbaar: -3, nooit: -1, zonde: -1, jammer: -1, balen: -2, baal: -2, ellende: -3, rommel: -3,
  oplichting: -4, oplichters: -4, bedrogen: -3, zorgen: -1, bezorgd: -1, genoeg: -1, zat: -1, klote: -3, onzin: -2,
  vervelend: -2, vervelende: -2, lastig: -1, storing: -2, storingen: -2, kwijt: -2, zoek: -1, weigert: -2, mislukt: -2,
  dubbel: -1, opzeggen: -1, annuleren: -1, opzegging: -1,
};

/** Words that turn the sentiment of the next two words around ("niet tevreden", "geen goede service"). */
export const DUTCH_NEGATORS: ReadonlySet<string> = new Set(['niet', 'geen', 'nooit', 'niets', 'niks', 'nergens', 'allerminst']);
