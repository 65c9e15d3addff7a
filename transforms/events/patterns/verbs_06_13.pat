# Verb patterns, CAMEO roots 06-13 (material cooperation, aid, yield, investigate, demand,
# disapprove, reject, threaten). Format: see README.md.

# --- 06 Engage in material cooperation ---------------------------------------------------------
060  collaborate [with]
060  collaborate  !recip
060  combine|pool {effort|resource} [with]
060  combine|pool {effort|resource}  !recip
060  work (together) [with]
060  partner [with]
060  join {effort} [with]
060  launch|set|create|form {joint venture|joint project|task force} [with]
061  trade [with]
061  trade  !recip
061  invest [in]
061  export [to]
061  import [from]
061  boost|expand|increase|deepen|develop|promote {TRADE} [with]
061  boost|expand|increase|deepen|develop|promote {TRADE}  !recip
061  supply|sell|export {oil|gas|energy|electricity|grain|wheat|goods} [to]
061  buy|purchase|import {oil|gas|energy|electricity|grain|wheat|goods} [from]
061  open {market} [to]
061  sign {trade deal|trade agreement|trade pact|free trade agreement} [with]
061  grant {market access} [to]
061  build {pipeline|railway|port|plant} [in|for]
062  hold|conduct|stage|launch|begin {EXERCISE} [with]
062  hold|conduct|stage|launch|begin {EXERCISE}  !recip
062  join {EXERCISE}
062  patrol (jointly) [with]
062  fight [alongside]

062  coordinate {strike|AIRSTRIKE|ATTACK|operation} [with]
062  boost|expand|strengthen|deepen {MILCOOP} [with]
062  boost|expand|strengthen|deepen {MILCOOP}  !recip
062  deploy {TROOPS} [alongside]
062  host {base|military base|TROOPS}
063  extradite [to]
063  extradite
063  hand (over) [to]
063  turn (over) [to]
063  transfer {suspect|fugitive|detainee} [to]
063  surrender {suspect|fugitive} [to]
063  cooperate {investigation|inquiry|probe} [with]
063  sign {extradition treaty|extradition agreement} [with]
064  share|exchange|swap {INTELLIGENCE} [with]
064  share|exchange|swap {INTELLIGENCE}  !recip
064  provide|give|pass|hand|supply|deliver|submit {INTELLIGENCE} [to]
064  brief [on|about]
064  inform
064  tip (off)
064  notify

# --- 07 Provide aid ----------------------------------------------------------------------------
070  give|provide|send|deliver|donate|supply|extend|ship|grant|airlift|channel|dispatch|disburse {AID} [to]
070  give|provide|send|deliver|donate|supply|extend|ship|grant|airlift|channel|dispatch|disburse {AID}
070  aid|assist|help
070  rush {AID} [to]
070  increase|boost|double|triple {AID} [to]
070  allocate|earmark|approve {AID} [for]
071  give|provide|send|extend|grant|disburse|transfer|approve {ECON_AID} [to]
071  give|provide|send|extend|grant|disburse|transfer|approve {ECON_AID}
071  lend|loan [to]
071  lend|loan
071  fund|finance|bankroll|subsidize|subsidise
071  bail (out)
071  forgive|cancel|write {debt} [of]
071  write (off) {debt}
071  invest {billion|million} [in]
071  give|provide|send|donate|grant|disburse|transfer|contribute|allocate|earmark|approve|announce {MONEY} [to|for]
071  give|provide|send|donate|grant|disburse|transfer|contribute|allocate|earmark|approve|announce {MONEY}
071  pay {MONEY|ECON_AID} [to]
070  announce|unveil|earmark {AID} [to|for]
070  announce|unveil|earmark {AID}
072  give|provide|send|supply|deliver|sell|ship|transfer|airlift {MIL_AID} [to]
072  give|provide|send|supply|deliver|sell|ship|transfer|airlift {MIL_AID}
072  arm|equip
072  train {TROOPS|POLICE|fighter|rebel}
072  train
072  provide|give|offer|deliver|conduct {TRAINING} [to|for]

073  give|provide|send|deliver|donate|supply|ship|airlift|airdrop|distribute {HUM_AID} [to]
073  give|provide|send|deliver|donate|supply|ship|airlift|airdrop|distribute {HUM_AID}
073  feed
073  evacuate
073  rescue
073  treat {wounded|injured|patient}
074  deploy|send|dispatch|station|contribute {PEACEKEEPERS} [to|in|into]
074  deploy|send|dispatch|station|contribute {PEACEKEEPERS}
074  protect|escort|guard
074  provide|offer {protection|security|escort} [to|for]

075  grant|give|offer|provide {ASYLUM} [to]
075  grant|give|offer|provide {ASYLUM}
075  shelter|harbor|harbour
075  take (in) {refugee|migrant|asylum seeker}
075  admit|accept|resettle {refugee|migrant|asylum seeker}

# --- 08 Yield ------------------------------------------------------------------------------------
080  yield|concede|relent|capitulate|acquiesce
080  yield|bow|give|cave|submit [to]
080  give (in) [to]
080  back (down)
080  cave (in)
080  comply [with]
080  heed {DEMAND|warning|call}
081  lift|ease|relax|end|remove {BAN|restriction}
085  cut|lower|reduce|remove|lift|scrap {tariff|duty|levy} [on]
0811 lift|ease|end {censorship|media ban|CRACKDOWN}
0811 restore {freedom|internet|press freedom}
0812 legalize|legalise|unban|reinstate {PARTY}
0812 lift {ban} [on]
0813 lift|ease|end|relax {CURFEW}
0814 lift|end|revoke|rescind {EMERGENCY}
082  end|halt|ease|stop {CRACKDOWN}
082  call (off) {PROTEST}
082  end|halt|suspend|stop|cancel {PROTEST}
083  accede [to]
083  accept|meet|grant|satisfy|fulfill|fulfil {DEMAND}
083  give (in) {DEMAND}
083  introduce|implement|enact|adopt {REFORM}
0831 resign|quit|abdicate
0831 step (down)
0831 leave|relinquish|cede|surrender {OFFICE}
0831 hand (over) {OFFICE} [to]
0831 transfer {OFFICE} [to]
0831 stand (down)
0831 sack|fire|oust|remove
0832 change|reverse|revise|scrap|abandon|drop|repeal|overturn|withdraw {POLICY}
0832 back (down) {POLICY}
0832 suspend|shelve|freeze {POLICY}
0833 grant|restore|extend|give {RIGHTS} [to]
0833 grant|restore|extend|give {RIGHTS}
0834 amend|rewrite|revise|change|reform {CONSTITUTION}
0834 dissolve {parliament|government|assembly|cabinet}
0834 hold {ELECTION}
084  return [to]
084  hand (back) [to]
084  give (back) [to]
084  return|hand|give {PROPERTY|PRISONERS} [to]
0841 release|free|pardon|repatriate|parole
0841 release|free|repatriate {PRISONERS} [to]
0841 let (free)
0841 set (free)
0841 exchange|swap|trade {PRISONERS} [with]
0841 exchange|swap|trade {PRISONERS}  !recip
0841 hand (over) {PRISONERS} [to]
0841 return {PRISONERS} [to]
0842 return|restore|hand {PROPERTY} [to]
0842 release|unfreeze {PROPERTY|asset|fund}
0842 hand (back) {PROPERTY} [to]
085  lift|ease|end|remove|relax|suspend|waive|scrap|drop|loosen|roll {SANCTIONS} [on|against]
085  lift|ease|end|remove|relax|suspend|waive|scrap|drop|loosen {SANCTIONS}
086  allow|grant|permit|give|open {ACCESS} [to]
086  allow|grant|permit|give|open {ACCESS}
086  open {BORDER} [to]
086  reopen {BORDER|EMBASSY}
086  let > enter
0861 accept|allow|admit|welcome|receive|host {PEACEKEEPERS}
0862 accept|allow|admit|welcome|receive|host {INSPECTORS}
0862 open {site|facility} [to]
0863 allow|permit|let {HUM_AID|AIDWORKERS}
0863 open {corridor|humanitarian corridor|crossing}
0863 grant {humanitarian access} [to]
087  de-escalate
087  scale|wind (back) {ATTACK|operation|offensive}
087  scale|wind (down) {ATTACK|operation|offensive}
087  reduce|cut|scale|downsize {TROOPS|military presence}
087  halt|stop|suspend|end|pause|cease|call {ATTACK|AIRSTRIKE|SHELLING|offensive|operation|bombing|raid}
087  pull (back) {TROOPS}
087  pull (back)
0871 declare|announce|agree|sign|reach|observe|implement|extend|accept|respect|honor|honour {CEASEFIRE} [with]
0871 declare|announce|agree|sign|reach|observe|implement|extend|accept|respect|honor|honour {CEASEFIRE}  !recip
0871 stop|cease|halt|end {fighting|hostility}
0871 lay (down) {arm|weapon}
0872 lift|ease|end|break {blockade|siege} [on|of]
0872 lift|ease|end {blockade|siege}
0872 reopen {port|airspace|crossing|road}
0873 demobilize|demobilise|disarm|disband|decommission
0873 disband|demobilize {TROOPS|militia|unit}
0873 hand (over) {weapon|arm}
0873 surrender|destroy|dismantle {weapon|arsenal|stockpile}
0874 withdraw|retreat|pull [from|out]
0874 withdraw|pull|evacuate|remove {TROOPS} [from]
0874 withdraw|pull|evacuate|remove {TROOPS}
0874 pull (out) [of|from]
0874 pull (out)
0874 pull (back) [from]
0874 surrender [to]
0874 surrender
0874 retreat|flee
0874 abandon {position|base|TERRITORY}

# --- 09 Investigate -----------------------------------------------------------------------------
090  investigate|probe|examine|scrutinize|scrutinise|audit|inspect
090  look (into)
090  launch|open|start|order|begin|announce|conduct {INVESTIGATION} [into|of]
090  launch|open|start|order|begin|announce|conduct {INVESTIGATION}
090  question|interrogate|interview
090  search|raid {office|home|headquarters}
091  investigate|probe|examine {CRIME}
092  investigate|probe|examine|document {ABUSES}
093  investigate|probe|examine {ATTACK|AIRSTRIKE|SHELLING|AGGRESSION|incident|clash|shooting|killing}
093  inspect {site|facility|weapon}
094  investigate|probe|examine|document {WARCRIMES}

# --- 10 Demand ------------------------------------------------------------------------------------
100  demand|insist
100  demand [from|of]
100  insist [on|that]
100  press|pressure|push|lean
100  press|pressure|push|order|tell|instruct|direct > *
100  demand > *
100  issue {demand} [to]
100  make {demand} [of|on]
100  call {DEMAND}
101  demand|insist {COOPERATION}
101  demand > cooperate
1011 demand {TRADE|compensation|payment|repayment|reparation}
1011 demand > pay|compensate
1012 demand {MILCOOP}
1013 demand {EXTRADITION}
1013 demand > extradite|hand
1013 demand > hand (over)
1013 press > extradite
1014 demand {INTELLIGENCE|explanation|clarification|answer}
1014 demand > explain|disclose|reveal|share
102  demand {SUPPORT|recognition|apology}
102  demand > recognize|recognise|apologize|apologise|support
103  demand {AID}
1031 demand {ECON_AID}
1032 demand {MIL_AID}
1033 demand {HUM_AID}
1034 demand {PEACEKEEPERS|protection}
104  demand {REFORM|ELECTION}
104  press|push {REFORM}
104  demand > reform|hold
1041 demand {LEADERSHIP}
1041 demand > resign|quit|abdicate|go
1041 demand > step (down)
1041 press|pressure|push|force > resign|quit|abdicate
1041 press|pressure|push|force > step (down)
1041 press|pressure|push|force|demand > leave|relinquish|cede {OFFICE}
1041 press|push {LEADERSHIP}
1042 demand > change|reverse|scrap|abandon|drop|withdraw|repeal|halt|stop|end|revise {POLICY}
1042 press|pressure|push > change|reverse|scrap|abandon|drop|withdraw|repeal {POLICY}
1042 demand {change|reversal|repeal|scrapping}
1043 demand {RIGHTS}
1043 demand > respect|restore|grant {RIGHTS}
1044 demand {CONSTITUTION}
1044 demand > amend|rewrite|change {CONSTITUTION}
105  demand > yield|concede|surrender|back
105  demand {concession|surrender|capitulation}
1051 demand > lift|ease|end {CURFEW|EMERGENCY|BAN}
1052 demand > end|stop|halt|call {PROTEST}
1053 demand {RELEASE}
1053 demand > release|free|return|repatriate|hand
1053 press|pressure|push > release|free
1053 press|push {RELEASE}
1054 demand > lift|ease|end|remove {SANCTIONS}
1054 demand {SANCTIONS}
1055 demand {ACCESS}
1055 demand > allow|admit|let|accept {INSPECTORS|ACCESS|AIDWORKERS|PEACEKEEPERS}
1056 demand > withdraw|pull|retreat|disarm|demobilize
1056 demand > withdraw|pull {TROOPS}
1056 demand > stop|halt|end|cease {ATTACK|AIRSTRIKE|SHELLING|DISPUTE}
1056 demand {CEASEFIRE|withdrawal|pullout|de-escalation}
1056 press|pressure|push > withdraw|pull
1056 press|push {CEASEFIRE|withdrawal}
106  demand {TALKS|NEGOTIATIONS|MEETING}
106  demand > meet|negotiate|talk
106  press|push|pressure {TALKS|NEGOTIATIONS}
106  press|pressure|push > negotiate|meet|talk
106  insist {TALKS|NEGOTIATIONS}
107  demand {SETTLEMENT}
107  demand > settle|resolve|end {DISPUTE}
107  press|push {SETTLEMENT}
108  demand {MEDIATION}
108  press|push {MEDIATION}

# --- 11 Disapprove ----------------------------------------------------------------------------------
110  disapprove
110  oppose
110  object [to]
110  express|voice|register {DISPLEASURE} [with|over|at|about]
110  express|voice|register {DISPLEASURE}
110  frown [on|upon]
110  warn
110  regret|lament|bemoan
110  challenge
110  disagree [with]
111  criticize|criticise|condemn|denounce|slam|blast|lambaste|decry|censure|rebuke|chide|berate|castigate|deplore|scold|reprimand|assail|vilify|ridicule|mock|insult|deride|disparage|admonish|excoriate|pillory|fault
111  lash (out) [at|against]
111  hit (out) [at]
111  rail [against]
111  level {criticism} [at|against]
111  voice|express {criticism} [of]
111  take {task}
112  accuse|blame|allege|implicate

112  blame [for|on]
112  impeach
112  attribute|ascribe {ATTACK|BOMB|killing|death|bombing|shooting} [to]
112  point {finger} [at]
112  hold {responsible}
112  level|make {ACCUSATION} [against]
112  present|produce|submit|publish|show|release {evidence|proof} [against]
1121 accuse|charge|suspect {CRIME}
1121 blame {CRIME}
1122 accuse|charge {ABUSES}
1122 blame {ABUSES}
1123 accuse {AGGRESSION}
1123 blame {AGGRESSION}
1124 accuse|charge {WARCRIMES}
1125 accuse|charge|suspect {ESPIONAGE}
113  rally|mobilize|mobilise {opposition} [against]
113  campaign [against]
113  unite [against]
113  call {boycott}
114  complain [to|about]
114  complain
114  lodge|file|register|send|deliver|submit {complaint|protest|note} [with|to|against]
114  summon {DIPLOMATS}
114  protest [to]
115  sue
115  file|bring|lodge|launch|take {lawsuit|suit|case|charge|complaint} [against]
115  file|bring|launch|take|start|initiate|begin {legal action|proceedings|legal proceedings|infringement proceedings|action} [against]
115  take {court|tribunal|icc}
115  seek {arbitration} [against]
116  convict|sentence|fine
116  find {guilty}
116  rule [against]
116  order {compensation}

# --- 12 Reject ----------------------------------------------------------------------------------------
120  reject|rebuff|spurn|repudiate|dismiss
120  turn (down)
120  rule (out)
120  refuse > *
120  decline > *
120  reject {PROPOSAL|DEMAND}
120  decline|rebuff|spurn {PROPOSAL|DEMAND}
120  turn (down) {PROPOSAL|DEMAND}
120  refuse {PROPOSAL|DEMAND}

120  say {no} [to]
120  brush (aside)
121  reject|refuse {COOPERATION}
121  refuse|decline > cooperate
1211 reject|refuse {TRADE}
1211 refuse|decline > trade|invest
1211 cancel|scrap|suspend {TRADE|trade deal}
1212 reject|refuse {MILCOOP|EXERCISE}
1212 refuse|decline > hold|join {EXERCISE}
1212 cancel|suspend|postpone {EXERCISE}
1213 refuse|decline > extradite|hand
1213 refuse|decline > hand (over)
1213 reject|refuse|deny {EXTRADITION}
122  reject|refuse|decline {AID}
122  refuse|decline > give|provide|send {AID}
1221 reject|refuse|decline {ECON_AID}
1221 refuse|decline > lend|fund|provide {ECON_AID}
1222 reject|refuse|decline {MIL_AID}
1222 refuse|decline > send|sell|supply|provide {MIL_AID}
1222 refuse|decline > arm
1223 reject|refuse|decline {HUM_AID}
1223 refuse|decline > send|deliver|provide {HUM_AID}
1224 reject|refuse|decline {PEACEKEEPERS|protection}
1224 refuse|decline > send|deploy {PEACEKEEPERS}
123  reject|refuse|resist {REFORM}
123  refuse|decline > reform
1231 refuse|decline > resign|quit|abdicate|go
1231 refuse|decline > step (down)
1231 refuse|decline > leave|relinquish|cede {OFFICE}
1231 reject {LEADERSHIP}
1232 refuse|decline > change|reverse|scrap|abandon|drop|withdraw {POLICY}
1232 reject {change|reversal}
1233 refuse|deny {RIGHTS} [to]
1233 refuse|decline > grant|restore|respect {RIGHTS}
1234 reject|refuse {CONSTITUTION}
1234 refuse|decline > amend|change {CONSTITUTION}
124  refuse|decline > yield|concede|budge|compromise|relent
124  refuse|decline > back (down)
124  refuse|decline > give (in)
124  reject {concession|compromise}
1241 refuse|decline > lift|ease|end {CURFEW|EMERGENCY|BAN}
1242 refuse|decline > end|stop|halt|call {PROTEST}
1242 vow > continue {PROTEST}
1243 refuse|decline > release|free|return|repatriate
1243 refuse|decline > hand (over) {PRISONERS}
1243 refuse|decline > return|release {PROPERTY|PRISONERS}
1244 refuse|decline > lift|ease|end|remove {SANCTIONS}
1244 reject {easing|lifting}
1245 refuse|decline > allow|admit|let|accept|receive {INSPECTORS|ACCESS|AIDWORKERS|PEACEKEEPERS}
1245 deny|block|bar|refuse {ACCESS} [to]
1245 deny|block|bar|refuse {ACCESS}
1245 bar|block {INSPECTORS}
1246 refuse|decline > withdraw|pull|retreat|disarm|demobilize
1246 refuse|decline > withdraw|pull {TROOPS}
1246 refuse|decline > stop|halt|end|cease {ATTACK|AIRSTRIKE|SHELLING|DISPUTE}
1246 reject|refuse {CEASEFIRE}
1246 vow > continue {ATTACK|AIRSTRIKE|DISPUTE}
125  reject|refuse|decline|rebuff|spurn|dismiss {TALKS|NEGOTIATIONS|MEETING|invitation|VISIT}
125  refuse|decline > meet|negotiate|talk|attend|visit|join|receive
125  refuse|decline > hold|attend|join|resume {TALKS|NEGOTIATIONS|MEETING}
125  turn (down) {TALKS|NEGOTIATIONS|MEETING|invitation}
125  rule (out) {TALKS|NEGOTIATIONS|MEETING}
125  boycott|shun|skip|snub {TALKS|NEGOTIATIONS|MEETING}
125  snub|shun
125  cancel|postpone|call {VISIT|MEETING}
126  reject|refuse|decline|rebuff {MEDIATION}
126  refuse|decline > accept {MEDIATION}
127  reject|refuse|denounce|renounce|repudiate {AGREEMENT|SETTLEMENT|peace plan}
127  refuse|decline > sign|ratify|accept|implement|honor|honour {AGREEMENT}
127  pull|withdraw (out) {AGREEMENT}
127  withdraw|pull {AGREEMENT}
127  abandon|scrap|tear|exit|quit|leave {AGREEMENT}
128  defy|flout|ignore|disregard|breach|violate {RESOLUTION|law|norm|ruling|order|DEMAND|warning|ban|international law}
128  defy|flout
129  veto
129  veto {RESOLUTION|PROPOSAL|bill|measure}
129  block {RESOLUTION|PROPOSAL|bill|measure}
129  vote [against]
129  vote (down) {RESOLUTION|PROPOSAL|bill|measure}
129  use|exercise|wield {veto} [against]

# --- 13 Threaten ----------------------------------------------------------------------------------
130  threaten|menace
130  threaten > *
130  warn [of]
130  issue {THREAT} [to|against]
130  issue {THREAT}
130  vow > retaliate|respond|punish|avenge
131  threaten > cut|suspend|halt|withhold|stop|reduce|end|review {COOPERATION}
131  threaten > cancel {TRADE|AGREEMENT}
1311 threaten > cut|suspend|halt|withhold|stop|reduce|end|freeze {AID|ECON_AID|MIL_AID|HUM_AID}
1311 warn {AID}
1312 threaten > impose|slap|tighten|expand|extend|introduce {SANCTIONS} [on|against]
1312 threaten > impose|slap|tighten|expand|extend|introduce {SANCTIONS}
1312 threaten {SANCTIONS}
1312 warn {SANCTIONS}
1312 threaten > boycott|sanction|embargo
1313 threaten > cut|sever|break|downgrade|suspend|freeze {RELATIONS} [with]
1313 threaten > cut|sever|break|downgrade|suspend|freeze {RELATIONS}
1313 threaten > expel|recall|withdraw {DIPLOMATS}
1313 threaten > close {EMBASSY}
132  threaten > ban|restrict|outlaw|censor|close
1321 threaten > restrict|curb|limit {freedom|MEDIA|RIGHTS|internet}
1321 threaten > shut (down) {MEDIA}
1322 threaten > ban|outlaw|dissolve|disqualify {PARTY}
1323 threaten > impose|declare {CURFEW}
1324 threaten > impose|declare {EMERGENCY}
133  threaten > protest|demonstrate|rally|march|boycott|revolt
133  threaten > hold|stage|launch|call|organize|organise {PROTEST|LABORSTRIKE}
133  threaten {PROTEST|LABORSTRIKE}
133  threaten > go {strike}
134  threaten > quit|abandon|suspend|halt|end|boycott|leave {TALKS|NEGOTIATIONS}
134  threaten > pull|walk (out) {TALKS|NEGOTIATIONS}
134  threaten > walk (out)
135  threaten > halt|end|abandon|suspend|quit {MEDIATION}
136  threaten > expel|withdraw|pull|kick {INSPECTORS|PEACEKEEPERS|AIDWORKERS}
137  threaten > arrest|detain|jail|punish|prosecute|imprison|crush|persecute
137  threaten > crack (down)
137  threaten {CRACKDOWN}
138  threaten > attack|strike|hit|bomb|invade|destroy|retaliate|fight|annihilate|wipe|target|shoot|kill
138  threaten > use {force|military force}
138  threaten > launch|take {ATTACK|WAR|military action}
138  threaten {WAR}
138  warn {WAR}
138  vow > attack|strike|destroy|crush|defeat|fight
138  threaten > wage {war} [on|against]
138  threaten > declare {war} [on]
1381 threaten > blockade|besiege|encircle|close
1381 threaten {blockade|siege}
1381 threaten > impose {blockade|siege} [on]
1382 threaten > occupy|seize|annex|capture|retake
1382 threaten {occupation|annexation}
1383 threaten > assassinate|behead|execute|kidnap|abduct|massacre
1383 threaten > bomb|blow
1384 threaten > launch {ATTACK} [on|against]
1384 threaten > shell|invade|storm
1384 threaten {invasion|offensive}
1385 threaten > use|deploy|unleash {CHEMICAL|NUKE}
1385 threaten {NUKE|CHEMICAL}
1385 threaten > nuke
139  give|issue|deliver|present|set|send {ULTIMATUM} [to]
139  give|issue|deliver|present|set {ULTIMATUM}

# --- more 06-13 forms -------------------------------------------------------------------------------
061  resume|restart|increase|boost|expand|double {TRADE} [to|with|from]
061  resume|restart {TRADE}
072  announce|approve|unveil|authorize|authorise {MIL_AID} [for|to]
071  announce|approve|unveil|authorize|authorise {ECON_AID} [for|to]
073  announce|approve|unveil {HUM_AID} [for|to]
070  announce|approve|unveil|authorize|authorise {AID} [for|to]
116  find {responsible|liable|guilty}
116  hold {liable}
138  vow {revenge|retaliation|WAR} [against|on]
138  threaten|warn > fire|launch {MISSILE|SHELLING} [at|toward|towards|on]
137  warn > punish|arrest|detain|prosecute|crush|jail
139  give|grant {day|hour|week|month} > meet|leave|comply|withdraw|accept|surrender|release
161  order|tell|give {DIPLOMATS} > leave
1031 demand {compensation|reparation}
0862 allow|let|permit > visit|inspect {site|facility|plant}
1661 order|tell|force {PEACEKEEPERS} > leave

# --- reversed patterns: the object of `from` acted on the subject ("received weapons from X") ------
070  receive|get|obtain|accept|secure {AID} [from]  !reverse
071  receive|get|obtain|accept|secure {ECON_AID} [from]  !reverse
072  receive|get|obtain|accept|secure {MIL_AID} [from]  !reverse
073  receive|get|obtain|accept {HUM_AID} [from]  !reverse
030  receive|get|obtain|win|secure {assurance|guarantee|promise|pledge|commitment} [from]  !reverse
051  receive|win|get|earn|gain {SUPPORT|GRATITUDE|endorsement} [from]  !reverse
100  face {pressure|demand|call} [from]  !reverse
111  face|draw|receive {criticism|condemnation|censure} [from]  !reverse
163  face {SANCTIONS} [from]  !reverse
031  seek|aim|want|try > deepen|expand|strengthen|boost {COOPERATION|TRADE|MILCOOP}  !recip
138  want > attack|strike|invade|bomb|hit|destroy
