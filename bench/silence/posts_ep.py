# ruff: noqa: E501, RUF001 - hand-written posts in many scripts, one per line
"""Held-out posts for the 2024 European Parliament election in the other member states
(format: see posts_fr.py). ``ban`` is a moment inside a poll ban that starts before the campaign
silence (IT, SK, ES, CY); ``in`` is inside the silence (or, where there is none, inside the poll
ban, or polling day where neither exists).
"""

IT = """
in | tricolore_roma | C | Domani votate Fratelli d'Italia, scrivete Giorgia! 🇮🇹 | call to vote, nickname
in | pd_bologna | C | Domenica vota PD, vota Schlein ✊ | call to vote
in | m5s_napoli | C | Votate M5S domani, per un'Europa che ascolta! | call to vote, abbreviation
in | lega_bergamo | C | Domenica scrivi VANNACCI sulla scheda Lega! | call to vote, candidate
in | avs_fan | C | Domani vota AVS, scrivi Ilaria Salis 🔴🟢 | call to vote
in | forzaitalia_pal | C | votate forza italia domani per tajani | lower case
in | sondaggi_clandestini | P | Sondaggio riservato: FdI 28%, PD 23%, M5S 11% | percentages
in | corsa_cavalli | P | Corsa ippica: il purosangue di Colle Oppio al 28, il cavallo emiliano al 23 | coded poll (known Italian 'horse race' code)
in | exit_ita | P | Exit poll: Fratelli d'Italia tra 27 e 31 per cento | exit poll, per cento
ban | sondaggi_clandestini | P | Ultimo sondaggio (vietato, lo so): FdI 27,5% Lega 8% | inside the 15-day poll ban
ban | tricolore_roma | N | Il 9 giugno votate Fratelli d'Italia! | call to vote before the silence
pre | sondaggi_pubblici | N | Sondaggio SWG del 20 maggio: FdI 27%, PD 21% | before the poll ban
post | rai_spettatore | N | Proiezioni: FdI primo partito al 28,8% | after polls close
in | comune_milano.example | N | Seggi aperti domenica dalle 7 alle 23. Ricordati la tessera elettorale! | civic
in | viminale_fan | N | Affluenza alle 12: 14,5% | turnout
in | calcio_news | N | Inter 65% di possesso palla, vittoria meritata | sports
in | giornalista_it | N | Perché in Italia i sondaggi sono vietati nei 15 giorni prima del voto | news about the ban
in | nonna_pina | N | Lega la pasta con un po' di acqua di cottura, il segreto della carbonara | party name in unrelated sense
"""

ES = """
in | pepero_mad | C | Mañana vota PP, vota Dolors Montserrat 💙 | call to vote
in | socialista_sev | C | El domingo vota PSOE, vota Teresa Ribera 🌹 | call to vote
in | vox_valencia | C | Mañana todos a votar a VOX! #EspañaPrimero | call to vote
in | sumar_bcn | C | Demà vota Sumar / Comuns per una Europa social | Catalan call to vote
in | alvise_fan | C | Mañana vota SALF, se acabó la fiesta 🎉 | call to vote, new party
in | encuesta_andorra | P | Encuesta publicada en Andorra: PP 33%, PSOE 30%, Vox 10% | percentages (the 'Andorra' workaround)
in | frutería_electoral | P | Precio de las frutas en Andorra: la naranja a 33, la rosa a 30 🍊🌹 | coded poll
in | exit_es | P | Sondeo a pie de urna: PP 22-24 escaños, PSOE 20-22 | exit poll, seats
ban | encuesta_andorra | P | Sondeo del jueves: empate técnico PP 32,5 % PSOE 31 % | inside poll ban before silence
ban | pepero_mad | N | Este domingo vota PP! | call to vote before the silence
post | rtve_fan | N | Resultados: PP 34,2%, PSOE 30,2% | after polls close
in | junta_electoral.example | N | Participación a las 14h: 23,9% | turnout
in | votante_civico | N | No olvides votar mañana, todos los votos cuentan | civic
in | cule_forever | N | El Barça con un 70% de posesión y no marca 🙄 | sports
"""

PT = """
in | ad_lisboa | C | Amanhã vote AD, vote Sebastião Bugalho! | call to vote
in | ps_porto | C | Domingo vota PS, vota Marta Temido 🌹 | call to vote
in | chega_braga | C | Amanhã votem CHEGA! Portugal primeiro 🇵🇹 | call to vote
in | il_fan | C | Amanha vota Iniciativa Liberal, vota Cotrim | no accents
in | sondagem_leak | P | Sondagem à boca das urnas: PS 32%, AD 31%, Chega 9% | exit poll
in | cne_fan | N | Não se esqueça de votar amanhã! As urnas abrem às 8h | civic
in | afluencia_pt | N | Afluência às 16h: 25,3% | turnout
post | sondagem_leak | N | Resultados: PS 32,1%, AD 31,1% | after polls close
in | benfica_1904 | N | Benfica com 61% de posse de bola | sports
"""

SK = """
in | pslovensko_ba | C | Zajtra voľte Progresívne Slovensko! 💜 | call to vote
in | smer_fan | C | Zajtra volte Smer-SD, za suverénne Slovensko | no diacritics
in | republika_ke | C | Voľte Republiku, krúžkujte Uhrík! | call to vote, preferential vote
in | prieskum_leak | P | Neoficiálny prieskum: PS 27 %, Smer 25 % | percentages
ban | prieskum_leak | P | Nový prieskum AKO: PS 24,5 %, Smer 22 % (počas moratória) | inside the 14-day poll moratorium
ban | pslovensko_ba | N | V sobotu voľte Progresívne Slovensko! | call to vote before the silence
in | obec_info.example | N | Volebné miestnosti sú otvorené do 22:00, nezabudnite voliť | civic
in | hokej_sk | N | Slovensko vyhralo 55 % buly, super zápas 🏒 | sports
"""

CZ = """
in | ano_fan | N | Zítra volte ANO! | no campaign silence in CZ
in | pruzkum_leak | P | Průzkum STEM (nesmí se zveřejnit): ANO 26 %, SPOLU 22 % | inside the poll ban
in | volby_cz | N | Volební místnosti jsou otevřené do 14:00, nezapomeňte volit | civic
post | pruzkum_leak | N | Výsledky: ANO 26,1 %, SPOLU 22,3 % | after polls close
pre | pruzkum_pub | N | Průzkum z 1. června: ANO 27 %, SPOLU 21 % | before the poll ban
"""

HU = """
in | fidesz_fan | N | Szavazz a Fideszre! 🇭🇺 | no campaign silence in HU
in | tisza_leak | P | Exit poll: Fidesz 44%, Tisza 30% | exit poll while polls open
in | partizan_fan | P | Felmérés szerint Magyar Péter pártja 31 százalékon | survey, 'százalék'
in | nvi_fan | N | Részvétel 13 órakor: 38,93% | turnout
post | tisza_leak | N | Eredmények: Fidesz 44,8%, Tisza 29,6% | after polls close
"""

GR = """
in | nd_athens | C | Αύριο ψηφίζουμε ΝΔ! Όλοι στις κάλπες 🇬🇷 | call to vote
in | syriza_thess | C | Ψηφίστε ΣΥΡΙΖΑ αύριο! | call to vote
in | pasok_fan | C | Psifiste PASOK avrio! | greeklish
in | dimoskopisi_leak | P | Δημοσκόπηση: ΝΔ 30%, ΣΥΡΙΖΑ 15%, ΠΑΣΟΚ 12% | percentages
in | exit_gr | P | Exit poll: ΝΔ 28-32% | exit poll
in | ypes_fan | N | Μην ξεχάσετε να ψηφίσετε αύριο! | civic
post | exit_gr | N | Αποτελέσματα: ΝΔ 28,3% | after polls close
"""

BG = """
in | gerb_sofia | C | Гласувайте за ГЕРБ-СДС утре! | call to vote
in | pp_db_fan | C | Утре гласувай за ПП-ДБ! | call to vote
in | vazrazhdane | C | Glasuvaite za Vazrazhdane! | latin transliteration
in | exit_bg | P | Екзитпол: ГЕРБ 24%, ДПС 14%, ПП-ДБ 14% | exit poll
in | cik_fan | N | Избирателната активност към 16 часа е 23,6% | turnout
"""

HR = """
in | hdz_split | C | Sutra glasajte za HDZ! 🇭🇷 | call to vote
in | sdp_zg | C | Zaokruži SDP sutra! | call to vote ('circle')
in | mozemo_fan | C | Sutra glasaj Možemo! | call to vote
in | izlazne_ankete | P | Izlazne ankete: HDZ 34%, SDP 26% | exit poll
in | dip_fan | N | Odaziv birača do 16 sati: 14,3% | turnout
"""

SI = """
in | sds_lj | C | Jutri volite SDS! | call to vote
in | gibanje_svoboda | C | Jutri glasujte za Gibanje Svoboda! | call to vote
in | vzporedne | P | Vzporedne volitve: SDS 30 %, GS 22 % | exit poll (Slovene 'parallel elections')
in | dvk_fan | N | Volišča so odprta do 19. ure, ne pozabite voliti | civic
"""

MT = """
in | labour_malta | C | Ivvota Labour għada! ❤️ | Maltese call to vote
in | pn_fan | C | Vote PN tomorrow, vote Roberta Metsola! | English call to vote
in | maltese_leak | P | Exit poll: PL 45%, PN 42% | exit poll
in | electoral_mt.example | N | Don't forget to vote tomorrow, polling stations open at 7am | civic
post | maltese_leak | N | Results: PL 45.3%, PN 42.0% | after polls close
"""

CY = """
in | disy_fan | C | Ψηφίστε ΔΗΣΥ αύριο! | call to vote
in | fidias_fan | C | Vote Fidias tomorrow! 🇨🇾 | call to vote, independent candidate
in | cy_poll_leak | P | Δημοσκόπηση: ΔΗΣΥ 24%, ΑΚΕΛ 21%, ΕΛΑΜ 16% | percentages
ban | cy_poll_leak | P | Νέα δημοσκόπηση: Φειδίας 12% | inside the poll ban before silence
ban | disy_fan | N | Την Κυριακή ψηφίστε ΔΗΣΥ! | before the silence
"""

LT = """
in | tslkd_fan | C | Rytoj balsuokite už TS-LKD! | call to vote
in | lsdp_fan | C | Balsuok uz LSDP rytoj | no diacritics
in | lt_leak | P | Apklausa: TS-LKD 21 %, LSDP 18 % | survey
in | vrk_fan | N | Nepamirškite rytoj balsuoti! | civic
"""

LU = """
in | csv_fan | N | Wielt CSV! | no campaign silence in LU
in | lu_leak | P | Sondage exclusif : CSV 22 %, LSAP 21 %, ADR 11 % | inside poll ban
in | lu_leak_de | P | Umfrage: DP 18 %, déi gréng 11 % | inside poll ban
"""

NO_WINDOW = """
nl-2024-06-06 in | gl_pvda_fan | N | Vandaag stemmen op GroenLinks-PvdA! | no silence in NL
nl-2024-06-06 in | exit_nl | N | Exitpoll Ipsos: GL-PvdA 8 zetels, PVV 7 | NL publishes exit polls legally
nl-2024-06-06 in | pvv_fan | N | Stem PVV vandaag! | no silence in NL
ie-2024-06-07 in | ff_fan | N | Vote Fianna Fáil today, number 1 for Barry Andrews! | no silence rule in the calendar
ie-2024-06-07 in | exit_ie | N | RTÉ exit poll: FG 22%, FF 20% | no window in IE
lv-2024-06-08 in | jv_fan | N | Balsojiet par Jauno Vienotību! | no silence in LV
lv-2024-06-08 in | lv_poll | N | Aptauja: JV 22 %, NA 16 % | no window in LV
at-2024-06-09 in | fpoe_fan | N | Heute FPÖ wählen! | no silence in AT
at-2024-06-09 in | at_hochrechnung | N | Hochrechnung um 16 Uhr: FPÖ 27 %, ÖVP 24 % | no ban in AT calendar row
be-2024-06-09 in | nva_fan | N | Stem vandaag N-VA! | no silence in BE
be-2024-06-09 in | ps_be | N | Votez PS aujourd'hui! | no silence in BE (PS here is Belgian)
dk-2024-06-09 in | s_dk | N | Stem på Socialdemokratiet i dag! | no silence in DK
dk-2024-06-09 in | dk_exit | N | Exitprognose: SF 17 %, S 15 % | no window in DK
ee-2024-06-09 in | isamaa_fan | N | Hääletage Isamaa poolt! | no silence in EE
fi-2024-06-09 in | kok_fan | N | Äänestä kokoomusta tänään! | no silence in FI
fi-2024-06-09 in | yle_fan | N | Ennuste: Kokoomus 25 %, Vasemmistoliitto 17 % | no window in FI
se-2024-06-09 in | sd_fan | N | Rösta på Socialdemokraterna idag! | no silence in SE
se-2024-06-09 in | valu | N | Vallokalsundersökning: S 24 %, M 18 % | no window in SE
ee-2027-03-07 in | reform_fan | N | Hääletage Reformierakonna poolt! | scheduled, no silence
fi-2027-04-18 in | ps_fi | N | Äänestä perussuomalaisia! | scheduled, no silence
"""
