# Verb patterns, CAMEO roots 14-20 (protest, force posture, reduce relations, coerce, assault,
# fight, unconventional mass violence). Format: see README.md.

# --- 14 Protest -----------------------------------------------------------------------------------
140  revolt|rebel|rise [against]
140  rise (up) [against]
140  defect [from|to]
140  dissent
140  boycott {ELECTION|parliament|vote|session}
141  protest [against|outside|at]
141  protest
141  rally [against|outside|in]
141  demonstrate [against|outside|in]
141  march [against|on|to]
141  picket
141  gather [outside]
141  hold|stage|organize|organise|launch|call|join|lead {PROTEST} [against|outside|on]
141  hold|stage|organize|organise|launch|join|lead {PROTEST}
141  take {street}
141  chant [against]
141  burn {flag|effigy}
1411 protest|rally|demonstrate|march {LEADERSHIP}
1411 protest|rally|demonstrate|march > demand {LEADERSHIP}
1411 protest|rally|demonstrate|march > demand > resign|quit
1412 protest|rally|demonstrate|march {POLICY|tax|price|cut|austerity|hike|reform}
1412 protest|rally|demonstrate|march > demand {change|reversal}
1413 protest|rally|demonstrate|march {RIGHTS}
1413 protest|rally|demonstrate|march > demand {RIGHTS}
1414 protest|rally|demonstrate|march {CONSTITUTION|ELECTION|democracy}
1414 protest|rally|demonstrate|march > demand {CONSTITUTION|democracy|ELECTION}
142  go|launch|begin|start|stage|hold|join|continue {hunger strike}
142  refuse {food}
142  hunger-strike
143  go {strike}
143  stage|call|launch|hold|begin|start|declare|organize|join {LABORSTRIKE}
143  walk (out)
143  boycott
143  strike [against|over]
1434 boycott {ELECTION}
144  block|blockade|barricade|obstruct {BORDER|entrance|access}
144  block|obstruct
144  set (up) {roadblock|barricade|blockade}
144  erect|build|put {roadblock|barricade}
144  occupy {square|building|office|campus|parliament|ministry|street}
144  sit [in|outside]
145  riot|rampage|loot|ransack
145  storm
145  throw {stone|rock|bottle|petrol bomb|molotov cocktail|firebomb} [at]
145  hurl {stone|rock|bottle|petrol bomb|molotov cocktail|firebomb} [at]
145  torch|set {car|vehicle|tire|tyre|building}
145  attack {police|police station|embassy|consulate}

# --- 15 Exhibit force posture -------------------------------------------------------------------
150  show|demonstrate|display|flex {force|might|strength|muscle|military might|military power}
150  parade {TROOPS|MIL_AID|MISSILE}
150  hold|stage {parade|military parade|show of force}
150  test|test-fire|launch|fire {MISSILE}
150  test|conduct|carry {nuclear test|missile test|test}
150  fly {bomber|warplane|jet} [over|near]
150  scramble {TROOPS|jet|warplane|fighter|interceptor|aircraft}
150  sail {warship|carrier|destroyer} [through|near|into]
150  buzz

151  step (up) {security|police presence|patrol}
151  tighten|beef|boost|increase {security|police presence|patrol}
152  put|place|raise|heighten|declare {ALERT}
152  raise {alert level|readiness}
153  deploy|mobilize|mobilise|send|dispatch|reinforce|station {POLICE} [to|in|into]
153  deploy|mobilize|mobilise|send|dispatch|reinforce|station {POLICE}
154  mobilize|mobilise|deploy|mass|send|move|station|dispatch|rush|amass|reinforce|position {TROOPS} [to|in|into|on|near|along]
154  mobilize|mobilise|deploy|mass|send|move|station|dispatch|rush|amass|reinforce|position|bolster {TROOPS}
154  build|beef|step (up) {TROOPS|military presence}
154  call (up) {reservist|reserve|conscript}
154  mobilize|mobilise
154  conscript|draft
154  increase|boost|expand {military presence|TROOPS} [in|near]

# --- 16 Reduce relations --------------------------------------------------------------------------
160  freeze|reduce|scale|limit|review|curtail|suspend {RELATIONS|COOPERATION|contact} [with]
160  freeze|reduce|scale|limit|curtail|suspend {RELATIONS|COOPERATION|contact}
160  cancel|postpone|call {VISIT} [to]
160  cancel|postpone {VISIT}
160  scale (back) {RELATIONS|COOPERATION}
160  distance [from]
160  advise|warn|caution {travel} [to]  # a travel warning against a country: `advised against travel to Tunisia`
160  isolate|ostracize|ostracise
160  suspend [from]

160  quit|leave|exit {alliance|union|organization|organisation|bloc|council|body|group}
161  sever|cut|break|downgrade|end {RELATIONS} [with]
161  sever|cut|break|downgrade|end {RELATIONS}
161  break (off) {RELATIONS} [with]
161  break (off) {RELATIONS}
161  cut (off) {RELATIONS} [with]
161  recall|withdraw {DIPLOMATS} [from]
161  recall|withdraw {DIPLOMATS}
161  expel {DIPLOMATS}
161  declare {persona non grata}
161  close|shut {EMBASSY} [in]
161  close|shut {EMBASSY}
161  shut (down) {EMBASSY}
162  cut|suspend|halt|stop|freeze|withhold|reduce|slash|end|block {AID} [to|for]
162  cut|suspend|halt|stop|freeze|withhold|reduce|slash|end|block {AID}
162  cut (off) {AID} [to]
162  cut (off) {AID}
1621 cut|suspend|halt|stop|freeze|withhold|reduce|slash|end|block|cancel {ECON_AID} [to|for]
1621 cut|suspend|halt|stop|freeze|withhold|reduce|slash|end|block|cancel {ECON_AID}
1622 cut|suspend|halt|stop|freeze|withhold|reduce|end|block|cancel {MIL_AID|arms sale|arms deal} [to|for]
1622 cut|suspend|halt|stop|freeze|withhold|reduce|end|block|cancel {MIL_AID|arms sale|arms deal}
1623 cut|suspend|halt|stop|freeze|withhold|reduce|end|block {HUM_AID} [to|for]
1623 cut|suspend|halt|stop|freeze|withhold|reduce|end|block {HUM_AID}
163  impose|slap|announce|approve|adopt|extend|tighten|expand|renew|introduce|levy|reimpose|unveil|enforce {SANCTIONS} [on|against]
163  impose|slap|announce|approve|adopt|extend|tighten|expand|renew|introduce|levy|reimpose|unveil|enforce {SANCTIONS}
163  impose|announce|introduce|slap|extend|tighten|expand {BAN} [on|against]
163  sanction|embargo|blacklist
163  freeze {asset|account|fund} [of]
163  ban {import|export|flight|product} [from|to]
163  ban {import|export|flight|product}
163  hit {SANCTIONS}
163  target {SANCTIONS}
164  halt|suspend|end|quit|abandon|cancel|postpone|freeze|break|scrap|boycott {TALKS|NEGOTIATIONS} [with]
164  halt|suspend|end|quit|abandon|cancel|postpone|freeze|break|scrap {TALKS|NEGOTIATIONS}
164  break (off) {TALKS|NEGOTIATIONS} [with]
164  break (off) {TALKS|NEGOTIATIONS}
164  call (off) {TALKS|NEGOTIATIONS|MEETING}
164  walk (out) {TALKS|NEGOTIATIONS}
164  pull (out) {TALKS|NEGOTIATIONS}
164  withdraw {TALKS|NEGOTIATIONS}
165  halt|end|suspend|abandon|quit|withdraw {MEDIATION}
165  pull (out) {MEDIATION}
166  expel|close|shut {mission|organization|organisation|agency|office}
166  shut (down) {mission|office|agency}
166  order (out) {mission|agency|staff}
1661 expel|withdraw|remove|recall {PEACEKEEPERS}
1661 pull (out) {PEACEKEEPERS}
1661 end {PEACEKEEPERS|peacekeeping mission}
1662 expel|withdraw|remove|recall {INSPECTORS}
1662 kick (out) {INSPECTORS}
1662 order (out) {INSPECTORS}
1663 expel|withdraw|remove|ban {AIDWORKERS}
1663 kick (out) {AIDWORKERS}
1663 suspend|halt {operation|work|activity}

# --- 17 Coerce --------------------------------------------------------------------------------------
170  coerce|intimidate|blackmail|bully|harass
170  force|compel|coerce > *
171  seize|confiscate|impound|commandeer {PROPERTY}
171  damage|vandalize|vandalise|sabotage
171  seize|commandeer
1711 confiscate|impound|expropriate|nationalize|nationalise
1711 seize|freeze|confiscate {asset|ship|vessel|tanker|cargo|property|land|fund|account}
1712 destroy|demolish|raze|bulldoze|torch|flatten|dynamite {PROPERTY|house|home|building|village|mosque|church}
1712 destroy|demolish|raze|bulldoze
1712 burn (down)
172  ban|outlaw|restrict|prohibit
172  impose {restriction|BAN|limit|curb} [on]
172  impose {restriction|BAN|limit|curb}
172  bar [from]
172  revoke|suspend|cancel {license|licence|visa|passport|permit|citizenship|accreditation}
172  strip {citizenship}
1721 censor|muzzle|gag
1721 shut (down) {MEDIA|PARTY}
1721 close|block|ban|suspend {MEDIA}
1721 restrict|curb|limit {freedom|press freedom|MEDIA|RIGHTS|internet|speech|assembly}
1721 ban {protest|demonstration|rally|gathering}
1722 ban|outlaw|dissolve|proscribe|disqualify {PARTY}
1722 bar {ELECTION}
1722 disqualify
1723 impose|declare|enforce|extend|order {CURFEW}
1724 impose|declare|extend|proclaim|introduce {EMERGENCY}
173  arrest|detain|apprehend|jail|imprison|indict|prosecute|incarcerate|nab|intern|charge|summon
# `try` alone is `try to storm` far more often than `put on trial`
173  try [for|on]
173  round (up)
173  lock (up)
173  put {trial}
173  take {custody}
173  issue {warrant|arrest warrant} [for|against]
173  seek {arrest|extradition} [of]
173  hold {custody}

173  capture
173  hold
174  deport|expel|banish|exile
174  kick (out)
174  deport|expel [to|from]
174  order (out) [of]
175  repress|suppress|quell|disperse|persecute
175  crack (down) [on]
175  crack (down)
175  clamp (down) [on]
175  break (up) {PROTEST}
175  use|fire {TEARGAS} [on|against|at]
175  fire {TEARGAS}
175  launch {crackdown} [on|against]
175  crush|put|quash|stamp {PROTEST|uprising|dissent|rebellion|revolt|opposition}
175  put (down) {PROTEST|uprising|rebellion|revolt}

# --- 18 Assault -------------------------------------------------------------------------------------
180  terrorize|terrorise
180  carry (out) {terror attack|terrorist attack|attack}
180  commit {terror attack|terrorist attack}
180  attack|storm|target|bomb|strike|hit|raid {SOFT_TARGET}
180  go (on) {rampage|shooting spree|killing spree}
181  abduct|kidnap|hijack|snatch
181  take|seize|hold {HOSTAGE}
181  take {hostage}
181  use {hostage}
182  beat|mistreat|abuse|whip|flog|punch|maul
182  beat (up)
182  attack|assault|ambush {UNARMED}
1821 rape|molest
1821 sexually (assault)
1822 torture
1822 subject {torture}
1823 murder|stab|lynch|behead|execute|slay|slaughter|decapitate|strangle|hang|stone
1823 shoot (dead)
1823 beat {death}

183  detonate|explode|plant|trigger|set {BOMB}
183  set (off) {BOMB}
183  blow (up)
183  blow (up) {BOMB|building|bridge|pipeline|station|vehicle}
1831 carry|launch|conduct|stage|commit {SUICIDE_BOMBING}
1831 carry (out) {SUICIDE_BOMBING}
1831 blow (up) {himself|herself|themselves}
1831 blow|detonate {himself|herself|themselves|suicide vest|explosive vest|suicide belt}
1832 detonate|explode|drive|ram {CAR_BOMB} [into|near|at]
1832 detonate|explode|drive|ram {CAR_BOMB}
1833 plant|detonate|explode {ROADSIDE_BOMB}
1833 hit|strike {ROADSIDE_BOMB}
184  use {human shield|shield}
184  use {shield}
185  attempt|try|plot|seek|conspire > assassinate|kill|murder
185  survive {assassination attempt}
185  plot [against]
186  assassinate
186  carry (out) {assassination}

# --- 19 Fight ---------------------------------------------------------------------------------------
190  attack|strike|hit|target|ambush|raid
190  fight [with|against]
190  fight  !recip
190  battle [with|against]
190  battle  !recip
190  clash [with|against]
190  clash  !recip
190  launch|carry|mount|stage|conduct|unleash|begin|start|intensify|step {ATTACK} [on|against|in]
190  launch|carry|mount|stage|conduct|unleash|begin|start|intensify {ATTACK}
190  carry (out) {ATTACK} [on|against|in]
190  carry (out) {ATTACK}
190  step (up) {ATTACK} [on|against]
190  wage|declare|launch|start {war} [on|against]
190  wage|declare|launch|start {war}
190  go {war} [with|against]
190  engage {fighting|combat|battle|firefight|gunfight|clash|skirmish|gun battle}
190  engage {fighting|combat|battle|firefight|gunfight|clash|skirmish|gun battle} [with]
190  retaliate [against]
190  retaliate
190  invade
190  kill
190  wound|injure
190  counterattack|counter-attack
190  repel|repulse
190  storm {TERRITORY|base|building|compound|prison}
190  push [into]
190  advance [on|toward|towards|into]
190  sink|down|destroy {ship|vessel|plane|aircraft|drone|helicopter|jet|tank|boat}
190  shoot (down) 
190  intercept
191  blockade|besiege|encircle|surround|cordon
191  lay {siege} [to]
191  impose|tighten {blockade|siege|no-fly zone} [on]
191  impose|tighten {blockade|siege|no-fly zone}
191  cordon (off)
191  seal (off)
191  close|shut|seal {BORDER} [to|with]
191  close|shut|seal {BORDER}
191  restrict|block {movement|travel|passage|access}
191  cut (off)
191  put {siege}
192  occupy|annex|overrun|conquer|retake|recapture
192  occupy|annex|overrun|conquer|retake|recapture|capture|seize|take {TERRITORY}
192  take (over) {TERRITORY}
192  take (over)
192  take|seize|gain|wrest {control} [of|over]
192  enter|move [into]
192  march [into]
192  roll [into]
193  shoot|snipe|gun
193  shoot [at]
193  fire [on|at|upon]
193  fire {GUNFIRE} [on|at|upon|into]
193  open {fire} [on|at|upon]
193  open {fire}
193  gun (down)
193  exchange {fire|GUNFIRE} [with]
193  exchange {fire|GUNFIRE}  !recip
194  shell|bombard|pound|mortar|rocket
194  fire|launch|lob {SHELLING} [at|into|on|toward|towards]
194  fire|launch|lob {SHELLING}
194  hit|pound|target {SHELLING}
194  attack {SHELLING|tank}
195  bomb
195  launch|carry|conduct|mount|stage|unleash|begin|start|intensify {AIRSTRIKE} [on|against|in]
195  launch|carry|conduct|mount|stage|unleash|begin|start|intensify|expand {AIRSTRIKE}
195  carry (out) {AIRSTRIKE} [on|against|in]
195  carry (out) {AIRSTRIKE}
195  step (up) {AIRSTRIKE} [on|against]
195  strafe|airstrike
195  drop {bomb|barrel bomb|cluster bomb|bombs} [on]
195  fire {missile|cruise missile|rocket} [at|on|into]
195  hit|target|strike|attack|pound {AIRSTRIKE}
195  shoot (down) {plane|jet|aircraft|drone|helicopter|fighter}
196  violate|break|breach|flout|shatter|undermine {CEASEFIRE}
196  violate|break|breach {CEASEFIRE} [with]

# --- 20 Use unconventional mass violence ----------------------------------------------------------
200  commit|perpetrate|carry {ATROCITY} [against]
200  commit|perpetrate|carry {ATROCITY}
201  expel|drive|force|uproot|displace {POPULATION} [from]
201  expel|drive|force|uproot|displace {POPULATION}
201  drive (out) {POPULATION}
201  drive (out)
202  massacre|exterminate|annihilate
202  commit|carry {massacre|genocide|mass killing|mass execution} [against]
202  carry (out) {massacre|genocide|mass killing|mass execution}
202  kill {POPULATION|civilian|villager|worshipper|worshiper}
202  slaughter {POPULATION|civilian|villager}
202  kill|execute|murder|slaughter|shoot|massacre {MASS_NUMBER}
202  kill|execute|murder|slaughter|shoot (dead) {MASS_NUMBER}
203  cleanse
203  commit|carry {ethnic cleansing} [against]
203  carry (out) {ethnic cleansing}
204  use|deploy|unleash|fire|drop|launch {CHEMICAL|NUKE} [on|against|in]
204  use|deploy|unleash|fire|drop|launch {CHEMICAL|NUKE}
2041 use|deploy|unleash|fire|drop|launch|release|spray {CHEMICAL} [on|against|in]
2041 use|deploy|unleash|fire|drop|launch|release|spray {CHEMICAL}
2041 gas|poison
2041 carry (out) {CHEMICAL} [on|against|in]
2041 carry (out) {CHEMICAL}
2042 detonate|explode|drop|use|launch|fire {NUKE} [on|against|over]
2042 detonate|explode|drop|use|launch|fire {NUKE}
2042 nuke

# --- more 14-20 forms -------------------------------------------------------------------------------
150  hold|conduct|stage|launch|begin {EXERCISE} [around|near|off|close]
154  order|announce|declare {mobilization|mobilisation|partial mobilisation|partial mobilization|general mobilization}
163  halt|cut|suspend|stop|reduce|ban {TRADE} [to|with|from]
145  set {fire} [to]
173  order {arrest|detention}
191  order|impose|announce {siege|blockade|total siege|complete siege}
160  suspend
195  launch|fire {MISSILE} [at|on|into|toward|towards|against]
# `launched missiles targeting US troops`: an attack, not a missile test (150)
195  launch|fire {MISSILE} > target|hit|strike
163  join|enforce {SANCTIONS} [against|on]
190  resume|renew|restart|step {ATTACK} [against|on]
