# ruff: noqa: E501, RUF001 - hand-written posts in many scripts, one per line
"""Held-out posts for Germany, Poland and Romania (format: see posts_fr.py).

Germany has no campaign silence: on polling day only publishing estimates while polls are open
is banned, so calls to vote there are labelled none by the docs' rules.
"""

DE_2025 = """
in | hochrechner_anon | P | Erste Hochrechnung aus Parteikreisen: Union 29 %, AfD 20,5 %, SPD 16 % | Hochrechnung + percentages
in | wahlleak2025 | P | Exit Poll (noch geheim): CDU/CSU 28,5 – AfD 21 – SPD 15,5 – Grüne 12 – BSW 5 | exit poll, dashes
in | prognose_vorab | P | Prognose 14 Uhr: die Grünen bei 12 Prozent, FDP unter 5 Prozent! | Prognose + Prozent
in | insider_berlin | P | Nachwahlbefragung sagt: Merz klar vorne, Weidel knapp über 20 | exit poll word, candidate names
in | ostwind_88 | P | Umfrage am Wahltag: AfD 22%, im Osten über 35% 🔥 | percentages
in | linksruck_jetzt | P | Linke laut Befragung vor den Wahllokalen bei 8,5 % 🎉 | exit poll paraphrase
in | bsw_watch | P | BSW nach internen Zahlen bei 4,9 Prozent, es wird knapp | percentages
in | wahl_trends | A | Die Stimmung in den Wahllokalen sieht gut aus für die Union | vague impression, no figures
in | bürgerin_köln | N | Geht wählen! Jede Stimme zählt 🗳️ | civic reminder
in | wahlamt_muenchen.example | N | Wahlbeteiligung bis 14 Uhr: 52,1 % (2021: 39,6 %) | turnout
in | AfD | N | Heute wählen gehen! Für Deutschland. | party account, but no campaign silence in DE
in | spdde | N | Heute ist Wahltag. Geht wählen! | party account, no silence in DE
in | michi_fcb | N | Bayern mit 68% Ballbesitz, trotzdem nur 1:1 ⚽ | sports
in | tagesschau_fan | N | Warum Prognosen erst um 18 Uhr veröffentlicht werden dürfen – ein Erklärstück | news about the ban
in | geschichte_de | N | Zur Erinnerung: 2021 holte die SPD 25,7 %, die Union 24,1 % | historical, dated
in | wählt_cdu_fan | N | Heute wählt CDU, Leute! | call to vote, no campaign silence in DE
pre | umfragen_de | N | Letzte Umfrage vor der Wahl: Union 30 %, AfD 20 %, SPD 15 % | day before, no ban then
post | ard_zuschauer | N | 18 Uhr Prognose: Union 29 %, AfD 19,5 %, SPD 16 % | after polls close
post | hochrechner_anon | N | Hochrechnung 19:30: BSW 4,97 % – knapp raus | after polls close
in | grüne_oma | N | Die Grünen im Garten wachsen endlich, Frühling kommt 🌱 | word in unrelated sense
"""

DE_EP = """
in | europa_leak | P | EU-Wahl: erste Hochrechnung Union 30 Prozent, AfD 16, Grüne 12 | Hochrechnung
in | wahlabend_vorab | P | Prognose schon durchgesickert: AfD 15,9 %, SPD 14 % | Prognose
in | volt_fan | N | Wählt Volt, für ein europäisches Deutschland! 💜 | call to vote, no silence in DE
post | europa_leak | N | 18:00 Prognose EU-Wahl: Union 30 %, AfD 16 % | after polls close
in | stadt_bonn.example | N | Wahllokale sind bis 18 Uhr geöffnet | civic
"""

PL_2025_R1 = """
in | wolny_obywatel | C | Jutro głosuj na Trzaskowskiego! 💪🇵🇱 | call to vote, inflected surname
in | patriota_pl | C | Glosuj na Nawrockiego, jutro wszyscy do urn! | call to vote, no Polish diacritics
in | mentzen_army | C | Jutro krzyżyk przy Mentzenie, nie ma innej opcji 🇵🇱 | implicit call, locative surname
in | lewica_waw | C | Zagłosujcie jutro na Magdalenę Biejat, kobieta prezydentem! | call to vote, inflected name
in | holownia2025 | C | Jutro głosujemy na Hołownię! Polska 2050 ✊ | call to vote
in | NawrockiKn | C | Dziękuję za wszystkie spotkania. Do zobaczenia przy urnach. | candidate account
in | trzaskowski_ | C | Jutro wielki dzień. Idźcie głosować! | candidate account
in | KONFEDERACJA_ | C | Dziękujemy wszystkim wolontariuszom! | party account
in | sondaz_leak | P | Sondaż exit poll: Trzaskowski 30,8%, Nawrocki 29,1%, Mentzen 15,4% | sondaż exit poll
in | anonim_123 | P | Prognoza wyników: Trzaskowski ok. 31 proc., Nawrocki 29 proc. | prognoza, proc.
in | krolik_w_kapuscie | P | #RadioLondres pomidory 31, ogórki 29, papryka 15 🍅 | coded hashtag
in | late_poll | P | sondaz Ipsos late poll: Mentzen 14 % Braun 6 % | late poll
in | pkw_fan | N | Frekwencja o 12:00 wyniosła 24,83%. Idźcie głosować! | turnout + civic
in | mama_z_lodzi | N | Nie zapomnijcie zagłosować, lokale otwarte do 21:00 | civic
in | dziennikarz_pl | N | Cisza wyborcza: za publikację sondaży grozi grzywna do 1 mln zł | news about the ban
in | historia_pl | N | W 2020 Duda miał 43,5% w pierwszej turze, przypomnienie | historical
in | kibic_legii | N | Legia 60% posiadania piłki i znowu remis 🙄 | sports
in | ko_ktos | N | KO w 3 rundzie, niesamowita walka bokserska wczoraj | abbreviation in unrelated sense
pre | wolny_obywatel | N | Głosuj na Trzaskowskiego w niedzielę! | before the window
pre | sondaz_leak | N | Ostatni sondaż przed ciszą: Trzaskowski 31%, Nawrocki 26% | before the window
post | tvn_widz | N | Exit poll: Trzaskowski 30,8%, Nawrocki 29,1% | after polls close
in | sasiadka_ewa | A | Ciekawe czy Mentzen przejdzie do drugiej tury 🤔 | speculation, no call, no figure
"""

PL_2025_R2 = """
in | patriota_pl | C | Jutro wszyscy głosujemy na Karola Nawrockiego! 🇵🇱 | call to vote, inflected full name
in | koalicja_wroclaw | C | Glosujcie na Rafala Trzaskowskiego, jutro decyduje sie przyszlosc | no diacritics
in | SlawomirMentzen | C | Jutro idźcie na wybory. | candidate (politician) account in the window
in | exit_leak_pl | P | Sondaż exit poll Ipsos: Trzaskowski 50,3 proc., Nawrocki 49,7 proc. | exit poll
in | prognoza_pl | P | Late poll: Nawrocki 50,9%, Trzaskowski 49,1% — będzie dogrywka w sądzie? | late poll
in | gmina_info.example | N | Frekwencja o 17:00: 54,91%. Lokale otwarte do 21! | turnout
post | exit_leak_pl | N | Nawrocki 50,89% – oficjalne wyniki PKW | after polls close
in | pis_zart | N | Pis kota brzmi jak koci mruczenie, tak mówi moja córka | PiS-like word in unrelated sense
"""

PL_EP = """
in | europa_pl | C | Jutro głosuj na KO w eurowyborach! | call to vote, EP
in | prawica_wawa | C | Głosujcie na PiS jutro, Polska suwerenna w Europie | call to vote
in | pisorgpl | C | Dziękujemy za kampanię! Jutro każdy głos się liczy. | party account
in | exit_eu_pl | P | Exit poll do PE: KO 38,2%, PiS 33,9%, Konfederacja 11,9% | exit poll
in | pkw_obserwator | N | Frekwencja w eurowyborach o 17:00: 28,19% | turnout
"""

RO_2025_R1 = """
in | dacian_ro | C | Mâine votați George Simion! Românii merită mai mult 🇷🇴 | call to vote
in | vot_util | C | votati Nicusor Dan maine, fara diacritice ca n-am timp | no diacritics
in | liberal_cluj | C | Mâine votăm Crin Antonescu, candidatul coaliției! | call to vote, first person plural
in | ponta_fan | C | Votați Ponta pe 4 mai! | call to vote
in | aur_iasi | C | Mergeți la vot și votați AUR! | party abbreviation
in | exit_ro | P | Exit-poll CURS-Avangarde ora 18: Simion 33%, Antonescu 21%, Dan 20% | exit poll
in | sondaj_secret | P | Sondaj la ieșirea de la urne: Simion peste 30 la sută | exit poll, 'la sută'
in | pamflet_ro | P | #RadioLondres vulturul zboară la 33, ursul la 21 | coded hashtag
in | bec_fan | N | Prezența la vot la ora 13: 21,53%. Mergeți la vot! | turnout, civic
in | romanca_diaspora | N | Nu uitați să votați, secțiile din diaspora sunt deschise! | civic
in | stiri_ro | N | AEP amintește: publicarea sondajelor în ziua votului este interzisă | news about the ban
in | fotbal_ro | N | FCSB 58% posesie, 2-0 cu Rapid | sports
in | istorie_ro | N | În 2019, Iohannis a obținut 37,8% în primul tur | historical
pre | dacian_ro | N | Votați Simion duminică! | before the window
post | exit_ro | N | Rezultate parțiale BEC: Simion 40,96% | after polls close
in | psd_glumă | N | Am cumpărat un PSD nou pentru laptop, adică un SSD, scuze, typo 😅 | abbreviation in unrelated sense
"""

RO_2025_R2 = """
in | dacian_ro | C | Duminică votăm George Simion, pentru România! | call to vote
in | nicusor_pt_ro | C | Votați Nicușor Dan mâine, pentru o Românie europeană 🇪🇺 | call to vote
in | exit_ro | P | Exit poll: Nicușor Dan 54%, Simion 46% | exit poll
in | sondaj_avang | P | Estimări la ora 20: Dan 52,6 la sută | estimate wording
in | bec_fan | N | Prezența la ora 18: 53,7%. Record! | turnout
post | exit_ro | N | Nicușor Dan câștigă cu 53,6% conform BEC | after polls close
"""

RO_2024 = """
ro-2024-11-24 in | calin_fan | C | Mâine votați Călin Georgescu! Dumnezeu să ne ajute 🙏 | call to vote (annulled round still checked)
ro-2024-11-24 in | usr_bucuresti | C | Votați Elena Lasconi mâine! | call to vote
ro-2024-11-24 in | exit_ro | P | Exit poll: Ciolacu 25%, Georgescu 22%, Lasconi 18% | exit poll
ro-2024-11-24 in | bec_fan | N | Prezența la vot ora 12: 18,3% | turnout
ro-2024-12-08 in | calin_fan | N | Votați Georgescu pe 8 decembrie! | cancelled round: no window
ro-2024-06-09 in | pnl_craiova | C | Mâine votați PNL la europarlamentare! | EP call to vote
ro-2024-06-09 in | exit_eu_ro | P | Exit poll europarlamentare: PSD-PNL 53%, AUR 15% | exit poll EP
"""
