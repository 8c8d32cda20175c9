# ruff: noqa: E501 - hand-written posts in many scripts, one per line
"""Held-out posts for France (EP 2024, legislative 2024 both rounds, overseas territories).

One line a post: ``when | account | content | text | note``. ``when`` is a moment relative to the
election's windows (see make_heldout.py), ``content`` what the text does by the docs' rules
(C campaigning, P poll publication, CP both, N neither, A ambiguous); make_heldout.py turns it
into the label by whether the moment lies inside the matching window. Written before reading the
detector's phrase lists or regexes.
"""

FR_EP = """
in | lucie_b62 | C | Demain tout le monde vote Bardella !!! 🇫🇷🇫🇷 #OnArrive | call to vote, candidate surname
in | papy_jo_13 | C | votez RN dimanche, c'est la derniere chance de sauver le pays | call to vote, abbreviation
in | m.durand.ecolo | C | Dimanche, un seul bulletin : Les Écologistes avec Marie Toussaint 🌻 | call to vote, list + candidate
in | gauchedu93 | C | Allez on se mobilise, demain on vote LFI et on envoie Aubry à Bruxelles ✊ | call to vote
in | hayer_fan | C | Le 9 juin, votez pour la liste Besoin d'Europe menée par Valérie Hayer | call to vote, list name
in | xav_lyon | C | Demain votez Glucksmann, la seule gauche credible en Europe | call to vote, surname
in | reconquete_nord | C | Dimanche, bulletin Marion Maréchal. Pas d'hésitation. #VoteReconquete | call to vote, hashtag
in | cathy.lr | C | Pour une droite qui tient ses promesses : demain je vote et vous votez Bellamy ! | call to vote
in | jeanmi_59 | C | votez rn votez rn votez rn 🔥🔥 | lower case, repeated
in | lea_insoumise | C | Abstention = victoire du RN. Dimanche votez insoumis, votez Manon Aubry ! | call to vote, adjective form
in | RNational_off | C | Merci à tous nos militants pour cette campagne exceptionnelle. Rendez-vous dimanche ! | party account posting
in | J_Bardella | C | Une dernière pensée pour les Français qui nous ont accueillis partout. Demain, tout est possible. | candidate account posting
in | EELV | C | Nos bénévoles tiennent les permanences jusqu'à ce soir, merci à eux 💚 | party account posting
in | partisocialiste | C | Demain, faites entendre votre voix. | party account posting, no party named in text
in | sondages_off | P | Selon un sondage non publié, le RN serait à 32 % et Renaissance à 15 % #RadioLondres | percentages next to parties, hashtag
in | l_oeil_de_moscou | P | #RadioLondres la tomate bleu marine autour de 31, la rose fanée sous 14 | coded hashtag
in | info_insoumise | P | Dernier sondage IFOP : LFI 9,5%, PS-PP 14%, RN 32% | percentages with comma decimals
in | le_petit_sondeur | P | Bardella 33 pour cent selon les premiers chiffres qui circulent en Belgique 👀 | 'pour cent'
in | brux_news_fr | P | Nos confrères belges publient : Rassemblement national à 31,5 %, liste Hayer 14,6 % | percentages, full party name
in | tontonflingueur | P | Un tiers des voix pour le RN d'après les sondages sortie des urnes | fraction + exit poll
in | radio_bruxelles_fan | P | Les estimations à 18h donnent Glucksmann devant Hayer, 14 contre 13 | estimate wording + numbers
in | anon0021 | P | exit poll: RN ~ 31-33%, Renaissance 14-15%, PS 13-14% | English exit poll, ranges
post | bfm_watcher | N | 20h : premières estimations, le RN largement en tête avec 31,4 % | after polls close
post | lucie_b62 | N | On l'a fait !!! Bardella 31% 🎉🎉 | after polls close
pre | papy_jo_13 | N | votez RN dimanche, on lâche rien | before the silence window
pre | sondages_off | N | Dernier sondage avant la trêve : RN 32 %, Renaissance 15,5 % | before the window
in | mairie_saint_pol.example | N | Rappel : les bureaux de vote sont ouverts de 8h à 18h. N'oubliez pas votre pièce d'identité ! | civic reminder
in | citoyenne_75 | N | N'oubliez pas d'aller voter demain, c'est important pour l'Europe 🇪🇺 | civic reminder, no party
in | prefecture_info.example | N | Participation à 17h : 45,26 %, en hausse par rapport à 2019 | turnout percentage
in | lemonde_suiveur | N | Pourquoi les sondages sont interdits de publication à partir de samedi minuit : explications | news about the ban
in | arcom_fan | N | Rappel : la Commission des sondages interdit toute publication d'estimation avant 20h | news about the ban
in | histoire_politique | N | Souvenir : en 2019, le RN avait obtenu 23,3 % et LREM 22,4 % aux européennes | historical result, dated
in | foot_passion | N | Possession de balle 62% pour Lens à la mi-temps, quel match | sports percentage
in | jardin_de_mamie | N | Le PS de ma belle-sœur veut dire "potager de saison", rien à voir avec la politique 😂 | party abbreviation in unrelated sense
in | bob_cycliste | N | Le local du PS est fermé, je suis passé devant en allant au bureau de vote | neutral mention in window
in | etudiant_sciencespo | N | Je viens de voter, l'assesseur était sympa. Bonne journée à tous | personal, no party
in | meteo_paris | N | 30 % de risque d'averse cet après-midi, prenez un parapluie pour aller voter | weather percentage + civic
in | lecteur_ouest | A | Franchement je sais pas pour qui voter, RN ou LR, vous en pensez quoi ? | asks advice, names parties, no call
in | melenchon_fan_club | A | Ce soir on saura si le peuple a compris. #Melenchon | names person, no explicit call
"""

FR_LEG1 = """
in | nfp_montreuil | C | Dimanche, votez Nouveau Front populaire dès le premier tour ! ✊🌹 | call to vote
in | voisin_vigilant | C | Demain on vote RN pour que ça change enfin #Bardella1erMinistre | call to vote, hashtag
in | maman_solo_44 | C | votez nfp demain svp, pensez a vos enfants | lower case abbreviation
in | ensemble_circo12 | C | Dimanche, votez pour la majorité présidentielle : Ensemble pour la République ! | call to vote, coalition name
in | lr_cantal | C | Demain, soutenez nos candidats LR, votez pour la droite républicaine | call to vote
in | gabriel_support | C | Pour continuer avec Attal à Matignon, votez Ensemble dimanche | call to vote, short coalition name
in | toto_antifa | C | Aucune voix pour le RN. Votez Front pop' partout ! | nickname of coalition
in | insoumis_lille | C | Demain je glisse mon bulletin NFP dans l'urne et vous aussi j'espère 🗳️ | implicit call
in | ZemmourEric | C | Français, demain, ne vous trompez pas. | candidate/person account posting during silence
in | FranceInsoumise | C | Tout le monde aux urnes demain ! | party account posting
in | lesRepublicains | C | Merci à nos candidats et militants. | party account
in | MLP_officiel | C | Demain, le peuple français a rendez-vous avec son destin. | candidate account
in | sondeur_masque | P | Dernières tendances : RN et alliés 35 %, NFP 28,5 %, Ensemble 20 % | percentages next to parties
in | belgique_resultats | P | La RTBF publie déjà : RN 33,2%, NFP 28,1%, Ensemble 21% 👀 | percentages
in | fromager_malin | P | #RadioLondres le camembert pèse 34%, le roquefort 29 | coded hashtag
in | tendance_secrète | P | Projection en sièges : RN entre 230 et 280 sièges, NFP 125-165 | seat projection
in | anonyme_223 | P | Premières estimations : le RN à plus d'un tiers des voix, le NFP à 28 | estimate wording
in | journaliste_suisse | P | Selon un sondage sortie des urnes, Ensemble serait troisième à 20 pour cent | exit poll wording, pour cent
in | compteur_voix | P | Sondage Ipsos jour du vote : RN 34, NFP 29, ENS 21 (en %) | percentages implied
post | lucie_b62 | N | RN 33,1 % !!! premier parti de France | after polls close
pre | nfp_montreuil | N | Dimanche, votez Nouveau Front populaire ! | before the window
pre | sondeur_masque | N | Sondage Elabe du 27 juin : RN 36 %, NFP 27 %, Ensemble 20 % | before the window
in | ville_de_nantes.example | N | Bureaux de vote ouverts jusqu'à 20h. Pensez à votre procuration ! | civic reminder
in | insee_fan | N | Participation à 12h : 25,9 %, record depuis 1981 | turnout
in | fact_checker_fr.example | N | Non, publier un sondage le jour du scrutin n'est pas légal : l'article 11 de la loi de 1977 l'interdit | news about the ban
in | pronostics_rugby | N | Toulouse 55% de victoires à domicile cette saison 🏉 | sports percentage
in | prof_histoire | N | En 2017 le FN avait fait 13,2% au premier tour des législatives, pour mémoire | historical, dated
in | marcheur_fatigue | N | Encore une journée sans voiture devant la permanence LR fermée | neutral mention
in | alice_chat | N | Je suis assesseure aujourd'hui, journée longue mais belle | personal
in | tonton_debat | A | Le RN va gagner, c'est sûr, je le sens 🤷 | prediction without figures or call
"""

FR_LEG2 = """
in | front_republicain | C | Demain, faites barrage : votez pour le candidat du Front populaire ! | call to vote
in | rn_fan_87 | C | Dimanche votez RN, votez Bardella pour Matignon 🇫🇷 | call to vote
in | centriste_92 | C | Au second tour je vote Ensemble et je vous demande d'en faire autant | call to vote
in | gauche_unie_06 | C | demain bulletin NFP dans l'urne, pas d'abstention ! | call to vote
in | J_Bardella | C | Demain, l'alternance est à portée de main. | candidate account
in | partisocialiste | C | Merci pour cette mobilisation. À demain. | party account
in | sondeur_masque | P | Second tour, estimations : RN 143 sièges, NFP 182, Ensemble 168 | seat estimate
in | radio_londres_2 | P | #RadioLondres la rose remonte, le bleu marine stagne à 37 | coded hashtag
in | fuite_sondage | P | Exit poll à 18h : NFP en tête en sièges, RN troisième | exit poll wording
post | bfm_watcher | N | Estimation 20h : le NFP en tête avec 182 sièges | after polls close
in | ville_de_rennes.example | N | Second tour : bureaux ouverts jusqu'à 20h, pensez à votre carte d'électeur | civic
in | stats_citoyen | N | Participation à 17h : 59,71 %, plus haut niveau depuis 1981 | turnout
in | anecdote_vote | N | Mon voisin du dessus vote LR depuis 40 ans, il m'a dit bonjour ce matin | neutral mention
in | coach_basket | N | 48% de réussite à 3 points ce soir pour les Bleus 🏀 | sports
"""

FR_OVERSEAS = """
gp-2024-06-29 in | kreyol_vote | C | Samdi nou ka voté RN, tout moun ! | creole call to vote, overseas day before
gp-2024-06-29 in | guadeloupe_nfp | C | Votez NFP demain, pour la Guadeloupe 🌴 | call to vote (Saturday voting)
gp-2024-06-29 in | sondeur_antilles | P | Sondage : RN 28%, NFP 40% en Guadeloupe | percentages
gp-2024-06-29 pre | guadeloupe_nfp | N | Votez NFP samedi ! | before the overseas window
mq-2024-06-29 in | mq_insoumis | C | Demain votez la France insoumise en Martinique ! | call to vote
mq-2024-06-29 in | mq_participation.example | N | Participation à 12h en Martinique : 11,4% | turnout
pf-2024-06-29 in | tahiti_vote | C | Votez Ensemble samedi, pour la Polynésie | call to vote
re-2024-06-30 in | zot_vote_974 | C | Dimanche, votez RN à La Réunion ! | call to vote
re-2024-06-30 in | ile_intense | N | Bureaux ouverts jusqu'à 18h à La Réunion, n'oubliez pas d'aller voter | civic
re-2024-06-30 post | zot_vote_974 | N | RN en tête à La Réunion avec 35 % | after local polls close
nc-2024-06-30 in | caledonie_info | P | Nouvelle-Calédonie : les estimations donnent le RN à 37 % | estimate
yt-2024-06-30 in | mayotte_1ere_fan | C | Votez RN demain à Mayotte ! | call to vote
gp-2024-07-06 in | kreyol_vote | C | Samdi vote Ensemble pou nou péyi | creole call
gf-2024-06-08 in | guyane_europe | C | Votez Bardella samedi, la Guyane compte aussi ! | EP overseas call
gf-2024-06-08 in | guyane_meteo | N | 70% d'humidité aujourd'hui à Cayenne, allez voter tôt | weather + civic
"""
