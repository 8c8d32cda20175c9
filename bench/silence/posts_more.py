# ruff: noqa: E501, RUF001 - hand-written posts in many scripts, one per line
"""More held-out posts: window edges, more ways of writing, more hard negatives (see posts_fr.py)."""

FR_MORE = """
edge_in | dernier_mot | C | Il reste une seconde : VOTEZ RN !!! | one second before the polls close
edge_out | dernier_mot | N | Votez RN la prochaine fois 😉 | at the close: windows exclude their end
start_in | minuit_pile | C | Minuit ! Dernier rappel : votez Glucksmann dimanche | first second of the silence
start_out | minuit_pile | N | Dernier rappel avant minuit : votez Glucksmann dimanche | one second before the silence
edge_in | fuite_20h | P | Estimations Ipsos dans 1 seconde : RN 31,5 % | estimate just before close
in | vote_utile_fr | C | #VoteUtile dimanche → Renaissance, sinon c'est le RN qui passe | hashtag call + arrow
in | tata_josette | C | Moi demain c'est Bardella et toute la famille aussi, faites pareil !! | implicit call to follow
in | jeune_insoumis | C | Dimanche glissez un bulletin Union populaire... pardon LFI 😅 votez Aubry | call to vote
in | fr_patriote_33 | C | Votez Zemmour-Maréchal demain, Reconquete !!! | hyphenated names, no accent
in | gauche_caviar | C | votez place publique / ps dimanche !!! glucksmann président | lower case, list nickname
in | dr_sondage | P | Les chiffres qui tournent : RN 32 / Ren. 15 / PS 14 / LFI 9 / LR 7 | numbers with slashes, no % sign
in | suisse_romande_fr | P | La TSR annonce le RN à 31-32%. #Europeennes2024 | range percentage
in | tomate_marine | P | #RadioLondres : les Belges ont déjà la météo, grand beau temps bleu marine à 32° | coded with degrees
in | jeanne_sondage | P | RN : 32 %. Ren : 15 %. Source : sondage sortie des urnes | abbreviations, exit poll
in | hebdo_politique | N | Rappel : la diffusion de sondages est interdite par la loi ce week-end, amende de 75 000 € | news about the ban
in | paris_prefet.example | N | Taux de participation à midi : 19,81 % en Île-de-France | turnout
in | voter_cest_bien | N | Allez voter, peu importe pour qui 🗳️🇪🇺 | civic, no party
in | rn_immobilier | N | RN 7 bloquée entre Lyon et Valence, 25 % de trafic en plus 🚗 | RN as a road, percentage
in | lr_cosmetique | N | Nouvelle crème LR à -30 % chez la pharmacie du coin | LR as a brand, percentage
in | tennis_rg | N | 78 % de premières balles pour Swiatek à Roland, énorme | sports percentage
in | prof_maths | N | Exercice : 27,5 % de 400 = ? Bon dimanche à tous | percentage, no party
in | archives_ina | N | Il y a 5 ans, le 26 mai 2019, le RN arrivait en tête avec 23,34 % | historical, dated
in | observateur_osce | N | Les observateurs rappellent que l'affichage électoral est interdit à partir de samedi 0h | news about the rules
in | touriste_paris | N | Quelle file au bureau de vote ! Tout le monde vote aujourd'hui | civic, no party
in | syndic_copro | N | Réunion LFI annulée, la salle polyvalente est réservée pour le bureau de vote | neutral party mention
in | anon_fr_12 | A | Le bleu marine va dominer ce soir, croyez-moi 😏 | coded colour, no figure, could be a prediction
in | anon_fr_13 | A | Les Belges ont déjà les chiffres, et ça pique pour la majorité | hints at polls, no figures
"""

FR_LEG1_MORE = """
in | circo_3_63 | C | Dimanche votez pour notre candidate NFP dans la 3e circo ! | call to vote, constituency
in | rn_sarthe | C | Tous aux urnes dimanche pour le RN et ses alliés LR-Ciotti ! | call to vote
in | centre_droit | C | Votez pour le bloc central ce dimanche, ni RN ni LFI | call to vote for coalition nickname
in | insoumise_marseille | C | VOTEZ NFP VOTEZ NFP VOTEZ NFP | caps
in | stat_fuite | P | Sondage Toluna jour J: RN 34%, NFP 29%, ENS 22% | percentages, abbreviations
in | sieges_rn | P | Projection : majorité absolue pour le RN avec 289 sièges selon nos sources | seat projection
in | mairie_lyon.example | N | Participation à 17h : 59,39 % à Lyon | turnout
in | journaliste_afp | N | La Commission des sondages rappelle l'interdiction de publier des estimations avant 20h | news about the ban
"""

PL_MORE = """
in | rafal_fan | C | #Trzaskowski2025 jutro glosujemy!!! | hashtag + call
in | mentzen_wroclaw | C | Głosuj na Mentzena, nie ma na co czekać | inflected surname
in | bezpartyjny_pl | C | Jutro oddaj głos na Szymona Hołownię 🗳️ | 'oddaj głos', inflected full name
in | konfa_fan | C | Jutro krzyżyk przy Konfederacji, wiadomo | implicit call, party genitive
in | exit_leak_2 | P | Exit poll: T. 31, N. 29, M. 15 (w proc.) | initials, no % sign
in | late_poll_pl | P | Wyniki late poll Ipsos: Trzaskowski 31,36%, Nawrocki 29,54% | late poll
in | sondaz_tajny | P | #RadioLondres czerwone jabłka 31, niebieskie śliwki 29 | coded hashtag
in | frekwencja_pl | N | Frekwencja o 17:00: 50,69% – więcej niż w 2020! | turnout
in | sad_rejonowy | N | Sąd ukarał grzywną za złamanie ciszy wyborczej w 2020 r. | news about the ban
in | bokser_pl | N | Wygrał przez KO w pierwszej rundzie, 70% ciosów trafionych | KO in unrelated sense
in | kierowca | N | PO-rannu korki na Puławskiej, lokal wyborczy pełny | PO-like string in unrelated sense
"""

RO_MORE = """
in | george_fan | C | Maine votam Simion si AUR, fara frica! | no diacritics
in | lasconi_fan | C | #VotLasconi mâine, pentru o Românie normală | hashtag call
in | diaspora_votez | C | Din Londra: votați Nicușor! 🇷🇴🇬🇧 | first name only
in | pnl_vaslui | C | Mâine ștampila pe Antonescu! | 'ștampila pe' call
in | exit_ro_2 | P | Sondaj la ieșirea de la urne ora 15: Simion 32 la suta, Dan 21 | exit poll, no diacritics
in | exit_ro_3 | P | CURS: Simion 31,3%, Antonescu 21,4%, Dan 20,6% | pollster + percentages
in | sectia_12 | N | Coadă mare la secția 12, prezența e peste 40% la noi 👏 | turnout in the polling station
in | aur_bijuterii | N | Promoție la aur, 20% reducere la bijuterii 💍 | 'aur' = gold
in | psd_vecin | N | Vecinul meu din PSD m-a salutat azi la vot | neutral party mention
"""

DE_MORE = """
edge_in | wahl_leak_x | P | Noch 1 Sekunde: Union 28,6 %, AfD 20,8 % laut Hochrechnung | one second before close
edge_out | wahl_leak_x | N | Union 28,6 %, AfD 20,8 % – 18 Uhr Prognose | exactly at close, outside
in | fdp_jugend | A | FDP über 5 %? Wir glauben dran! Geht wählen! | hope, figure is a threshold not a result
in | zdf_fan | P | Erste Zahlen aus den Nachwahlbefragungen: SPD 16, Grüne 12 | exit poll, no % sign
in | schulklasse | N | 30 % meiner Klasse dürfen zum ersten Mal wählen 🥳 | percentage, no party
"""

IT_MORE = """
in | salvini_fan | C | Domani vota Lega, scrivi Salvini! #Lega | call to vote
in | schlein_fan | C | Domenica vota Partito Democratico, vota Elly Schlein | call to vote
in | conte_fan | C | Vota Movimento 5 Stelle, vota Conte! | call to vote
in | fdi_giovani | C | domani votate fdi, scrivete giorgia meloni | lower case
in | exit_ita_2 | P | Proiezioni Quorum: FdI 28, PD 24, M5S 10 | projection
in | sondaggio_c | P | Conclave: il cardinale romano al 28%, quello emiliano al 24% | coded poll (conclave code)
in | lega_calcio | N | La Lega Serie A annuncia il calendario, 38% dei biglietti già venduti | Lega in unrelated sense
in | affluenza_it | N | Affluenza definitiva ieri alle 23: 41,6% | turnout
"""

ES_MORE = """
in | feijoo_fan | C | Mañana vota Partido Popular! #FeijóoPresidente | call to vote
in | podemos_vlc | C | Vota Podemos, vota Irene Montero mañana 💜 | call to vote
in | tractor_sondeo | P | Encuesta GAD3 del día: PP 34 %, PSOE 30 %, Vox 9,5 % | percentages
in | ps_barrio | N | El PS de mi barrio es el Paseo del Sol 😂 | abbreviation in unrelated sense
in | interior_es.example | N | Participación a las 18h: 37,0% | turnout
"""

MORE_EP = """
pt-2024-06-09 in | chega_fan2 | C | Votem Chega amanha, por Portugal!! | no accents
pt-2024-06-09 in | cesop_leak | P | Projeção CESOP: PS 31-35%, AD 29-33% | projection
sk-2024-06-08 in | ps_fan_sk | C | Zajtra krúžkujte PS a Ľudovíta Ódora! | call to vote
sk-2024-06-08 in | smer_prieskum | P | Exit poll: Smer 25 %, PS 28 % | exit poll
gr-2024-06-09 in | kke_fan | C | Ψηφίστε ΚΚΕ αύριο! | call to vote
gr-2024-06-09 in | elliniki_lysi | C | Αύριο Ελληνική Λύση! Ψηφίστε Βελόπουλο | call to vote
bg-2024-06-09 in | dps_fan | C | Гласувайте за ДПС утре! | call to vote
hr-2024-06-09 in | dp_fan | C | Glasajte za Domovinski pokret! | call to vote
hr-2024-06-09 in | hr_sondaza | P | Anketa: HDZ 33 posto, SDP 27 posto | 'posto'
si-2024-06-09 in | svoboda_poll | P | Anketa: SDS 31 odstotkov, GS 22 | 'odstotkov'
mt-2024-06-08 in | labour_pl | C | Ivvutaw Labour għada, ivvutaw Abela! | Maltese plural
mt-2024-06-08 in | mt_sondagg | P | Stħarriġ: PL 47%, PN 43% | Maltese survey
lt-2024-06-09 in | lt_exit | P | Exit poll: TS-LKD 21 %, LSDP 18 % | exit poll
cy-2024-06-09 in | akel_fan | C | Ψηφίστε ΑΚΕΛ αύριο! | call to vote
cy-2024-06-09 in | elam_fan | C | Ψηφίστε ΕΛΑΜ! | call to vote
hu-2024-06-09 in | fidesz_exit | P | Nem hivatalos: Fidesz-KDNP 45 százalék | survey
cz-2024-06-07 in | spolu_poll | P | Nový průzkum: SPOLU 23 %, ANO 27 % | poll ban
es-2024-06-09 in | sumar_poll | P | Sondeo: Sumar 6 %, Podemos 4 % | percentages
"""

BLOCKS = [
    ("fr-2024-06-09", FR_MORE),
    ("fr-2024-06-30", FR_LEG1_MORE),
    ("pl-2025-05-18", PL_MORE),
    ("ro-2025-05-04", RO_MORE),
    ("de-2025-02-23", DE_MORE),
    ("it-2024-06-08", IT_MORE),
    ("es-2024-06-09", ES_MORE),
    ("", MORE_EP),
]
