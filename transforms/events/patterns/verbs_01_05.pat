# Verb patterns, CAMEO roots 01-05 (statements, appeals, intent, consult, diplomatic cooperation).
# Format (see README.md): CODE  verb[|verb] [(particle)] [{OBJECT}] [[prep|prep]] [> complement ...] [!recip]

# --- 01 Make public statement ---------------------------------------------------------------
011  decline > comment
011  refuse > comment
011  decline {comment}
012  express {CONCERN} [about|over|at]
012  voice {CONCERN} [about|over|at]
012  express {CONCERN}
012  voice {CONCERN}
013  express {OPTIMISM} [about|over]
013  express {OPTIMISM}
013  voice {OPTIMISM}
014  consider {PROPOSAL}
014  weigh {PROPOSAL}
014  mull {PROPOSAL}
014  study {PROPOSAL}
014  explore {option|possibility|idea}
014  consider > send
014  weigh > send
014  review {POLICY}
015  claim {RESPONSIBILITY} [for]
015  claim {RESPONSIBILITY}
015  admit {RESPONSIBILITY|ERROR}
015  acknowledge {RESPONSIBILITY|ERROR}
015  accept {RESPONSIBILITY} [for]
015  take {RESPONSIBILITY} [for]
015  own (up)
016  deny {ACCUSATION}
016  deny {RESPONSIBILITY|involvement|role}
016  reject {ACCUSATION}
016  dismiss {ACCUSATION}
016  refute|rebut {ACCUSATION}
016  refute|rebut
016  deny
016  brush (off) {ACCUSATION}
017  lay {wreath} [at]
017  observe {silence|minute}
017  hold {vigil|ceremony|memorial|commemoration}
017  light {candle}
017  fly {flag} [at]
017  lower {flag}
018  express|offer|extend|convey|send {CONDOLENCES} [to]
018  express|offer|extend|convey|send {CONDOLENCES}
018  sympathize|sympathise [with]
018  mourn
018  console
018  commiserate [with]
018  express {solidarity} [with]
019  agree [with]
019  concur [with]
019  share {view|concern|position|assessment|goal} [with]
019  see {eye} [to]
019  side [with]

# --- 02 Appeal ------------------------------------------------------------------------------
020  urge|exhort|implore|beseech|entreat
020  call [on|upon]
020  call [for]
020  appeal [to]
020  ask
020  request
020  plead [with]
020  encourage
020  invite
020  petition
020  make {appeal|plea|request} [to]
020  issue {appeal|plea} [to]
020  launch|issue|make {appeal|plea|call} [for]
020  launch|issue {appeal|plea}
020  urge > *
020  ask > *
020  call [on|upon] > *
020  appeal [to] > *
020  encourage > *
021  urge|ask|encourage > cooperate [with]
021  call {COOPERATION}
021  seek {COOPERATION} [with]
021  propose {COOPERATION}
0211 seek|propose {TRADE} [with]
0211 call {TRADE}
0211 urge|ask|encourage > invest [in]
0211 urge|ask|encourage > boost|expand|increase {TRADE}
0211 invite {investment|investor}
0212 seek|propose {MILCOOP} [with]
0212 call {MILCOOP}
0212 urge|ask > hold {EXERCISE}
0212 request {EXERCISE}
0213 request|seek {EXTRADITION} [of|from]
0213 call {EXTRADITION}
0213 urge|ask > extradite|hand
0213 call [on|upon] > extradite|hand
0213 ask > hand (over)
0213 urge > hand (over)
0214 request|seek {INTELLIGENCE} [from]
0214 ask {INTELLIGENCE}
0214 urge|ask > share|provide {INTELLIGENCE}
022  seek {SUPPORT} [from|of]
022  seek {SUPPORT}
022  request {SUPPORT} [from]
022  ask {SUPPORT}
022  appeal {SUPPORT}
022  call {SUPPORT}
022  urge|ask|encourage > support|back|endorse
022  urge|ask > recognize|recognise
022  lobby
022  court
022  seek {recognition} [from]
023  seek|request {AID} [from]
023  seek|request {AID}
023  ask {AID}
023  appeal {AID}
023  call {AID}
023  plead {AID}
023  urge|ask > send|provide|give|increase {AID}
0231 seek|request {ECON_AID} [from]
0231 seek|request {ECON_AID}
0231 ask {ECON_AID}
0231 appeal {ECON_AID}
0231 urge|ask > lend|fund|finance
0231 urge|ask > provide|send|give {ECON_AID}
0232 seek|request {MIL_AID} [from]
0232 seek|request {MIL_AID}
0232 ask {MIL_AID}
0232 appeal {MIL_AID}
0232 urge|ask > arm|equip
0232 urge|ask > send|provide|supply {MIL_AID}
0233 seek|request {HUM_AID} [from]
0233 seek|request {HUM_AID}
0233 ask {HUM_AID}
0233 appeal {HUM_AID}
0233 urge|ask > send|provide|deliver {HUM_AID}
0234 seek|request {PEACEKEEPERS|protection} [from]
0234 ask {PEACEKEEPERS|protection}
0234 appeal {PEACEKEEPERS|protection}
0234 call {PEACEKEEPERS}
0234 urge|ask > send|deploy {PEACEKEEPERS}
0234 urge|ask > protect
024  call {REFORM}
024  urge|ask|encourage > reform
024  urge|ask > introduce|implement|carry {REFORM}

024  call {ELECTION}
024  urge > hold {ELECTION}
0241 call {LEADERSHIP}
0241 urge|ask > resign|quit|abdicate
0241 urge|ask > step (down)
0241 urge|ask > leave {OFFICE}
0241 urge|ask > hand (over) {OFFICE}
0242 urge|ask|encourage > change|reverse|reconsider|rethink|review {POLICY}
0242 urge|ask > scrap|abandon|drop|withdraw|repeal|suspend {POLICY}
0242 call {change|review|overhaul}
0242 urge|ask > reconsider|rethink
0243 call {RIGHTS}
0243 urge|ask > respect|protect|guarantee|restore {RIGHTS}
0244 call {CONSTITUTION}
0244 urge|ask > amend|rewrite|change {CONSTITUTION}
025  urge|ask > yield|concede|compromise|relent
025  call [on|upon] > yield|concede|compromise|relent
025  urge > back (down)
0251 urge|ask > lift|ease|end|relax {CURFEW|EMERGENCY|BAN}
0251 call {lifting} 
0252 urge|ask > end|stop|halt|call {PROTEST}
0252 urge|ask > call (off) {PROTEST}
0252 call {calm}
0253 urge|ask|encourage > release|free|return|repatriate
0253 call [on|upon] > release|free|return|repatriate
0253 urge|ask > set (free)
0253 call {RELEASE}
0253 appeal {RELEASE}
0253 seek {RELEASE}
0253 urge > release|free {PRISONERS}
0254 urge|ask > lift|ease|end|remove|relax|suspend {SANCTIONS}
0254 call {easing|lifting|removal}
0255 urge|ask > allow|admit|accept|let {INSPECTORS|ACCESS|PEACEKEEPERS|AIDWORKERS}
0255 call {ACCESS}
0256 urge|ask|encourage > withdraw|pull|de-escalate|disarm|demobilize
0256 call [on|upon] > withdraw|pull|de-escalate|disarm|demobilize
0256 urge|ask > withdraw|pull {TROOPS}
0256 urge|ask > stop|halt|end|cease|suspend {ATTACK|AIRSTRIKE|SHELLING|DISPUTE}
0256 urge|ask > respect|observe|accept {CEASEFIRE}
0256 call {CEASEFIRE}
0256 appeal {CEASEFIRE}
0256 call {restraint|de-escalation|withdrawal|calm}
0256 urge|ask > exercise {restraint}
0256 appeal {restraint|calm}
026  urge|ask|encourage > meet|negotiate|talk
026  call [on|upon] > meet|negotiate|talk
026  urge|ask|encourage > resume|hold|open|start|join|return {TALKS|NEGOTIATIONS}
026  call {TALKS|NEGOTIATIONS}
026  appeal {TALKS|NEGOTIATIONS}
026  invite {TALKS|NEGOTIATIONS|MEETING}
026  invite > visit|attend|meet|join
027  urge|ask|encourage > settle|resolve|end {DISPUTE}
027  call {SETTLEMENT}
027  appeal {SETTLEMENT}
027  urge|ask > find {SETTLEMENT}
028  urge|ask|encourage > accept {MEDIATION}
028  call {MEDIATION}
028  seek {MEDIATION}
028  request {MEDIATION}
028  ask > mediate

# --- 03 Express intent to cooperate -----------------------------------------------------------
030  agree > *  !recip
030  pledge|vow|promise|offer > cooperate [with]
030  agree > cooperate  !recip
030  express {willingness|readiness|desire} [to]
030  express {willingness|readiness|desire}
030  pledge|promise|vow > work
030  agree > work  !recip
030  promise|pledge {COOPERATION} [with]
030  pledge|promise|offer {COOPERATION}
030  vow > help|assist
030  agree > combine|intensify|step|increase|boost {COOPERATION}  !recip
031  agree > cooperate [on]  !recip
031  agree > establish|build|create|set {partnership|project|joint venture}  !recip
031  pledge|agree > deepen|expand {COOPERATION}  !recip
0311 agree > boost|expand|increase|develop|deepen {TRADE}  !recip
0311 pledge|promise > boost|expand|increase {TRADE}
0311 pledge|promise|agree > invest [in]
0311 pledge|promise {investment} [in]
0311 agree > open {market}  !recip
0311 agree > build {pipeline}  !recip
0312 agree > hold|conduct|stage {EXERCISE}  !recip
0312 agree > expand|boost|strengthen|deepen {MILCOOP}  !recip
0312 pledge|promise > boost|expand|strengthen {MILCOOP}
0312 agree > cooperate {militarily}
0313 agree|pledge|promise|offer > extradite|hand
0313 agree > hand (over)
0313 agree > cooperate {investigation}
0314 agree|pledge|promise|offer > share|exchange|provide {INTELLIGENCE}  !recip
032  pledge|promise {SUPPORT} [to|for]
032  pledge|promise|offer|reaffirm|reiterate {SUPPORT}
032  vow|pledge|promise > support|back|stand
032  agree > support|back|endorse
033  pledge|promise|offer {AID} [to|for]
033  pledge|promise|offer {AID}
033  pledge|promise|vow|agree|offer > send|provide|give|deliver|supply|extend|donate|increase {AID} [to]
033  pledge|promise|vow|agree|offer > send|provide|give|deliver|supply|extend|donate|increase {AID}
033  pledge|promise|vow|offer > help|assist|aid
0331 pledge|promise|offer {ECON_AID} [to|for]
0331 pledge|promise|offer {ECON_AID}
0331 pledge|promise|vow|agree|offer > provide|give|extend|lend|send {ECON_AID} [to]
0331 pledge|promise|vow|agree|offer > provide|give|extend|lend|send {ECON_AID}
0331 pledge|promise|agree|offer > lend|fund|finance
0332 pledge|promise|offer {MIL_AID} [to|for]
0332 pledge|promise|offer {MIL_AID}
0332 pledge|promise|vow|agree|offer > send|provide|supply|deliver|sell {MIL_AID} [to]
0332 pledge|promise|vow|agree|offer > send|provide|supply|deliver|sell {MIL_AID}
0332 pledge|promise|agree|offer > arm|equip|train
0333 pledge|promise|offer {HUM_AID} [to|for]
0333 pledge|promise|offer {HUM_AID}
0333 pledge|promise|vow|agree|offer > send|provide|deliver|donate {HUM_AID} [to]
0333 pledge|promise|vow|agree|offer > send|provide|deliver|donate {HUM_AID}
0334 pledge|promise|offer {PEACEKEEPERS|protection} [to|for]
0334 pledge|promise|vow|agree|offer > send|deploy|contribute|provide {PEACEKEEPERS|TROOPS} [to]
0334 pledge|promise|vow|agree|offer > send|deploy|contribute|provide {PEACEKEEPERS|TROOPS}
0334 pledge|promise|vow|offer > protect|defend
034  pledge|promise|vow|agree > reform|democratize|democratise
034  pledge|promise|vow|agree > introduce|implement|carry|enact {REFORM}
034  pledge|promise {REFORM}
034  pledge|promise|vow|agree > hold {ELECTION}
0341 offer|agree|promise|pledge > resign|quit|abdicate
0341 offer|agree|promise|pledge > step (down)
0341 agree|promise > hand (over) {OFFICE}
0341 agree|promise > leave|relinquish|cede {OFFICE}
0342 promise|pledge|agree|vow > change|reverse|reconsider|review|revise {POLICY}
0342 promise|pledge|agree > scrap|abandon|drop|suspend|repeal {POLICY}
0343 promise|pledge|agree|vow > respect|protect|guarantee|restore|grant {RIGHTS}
0343 promise|pledge {RIGHTS}
0344 promise|pledge|agree > amend|rewrite|change|revise {CONSTITUTION}
0344 promise|pledge {CONSTITUTION}
035  agree|offer > yield|concede|compromise
035  offer {concession} [to]
035  offer {concession}
035  signal {flexibility|compromise}
0351 pledge|promise|agree > lift|ease|end|relax {CURFEW|EMERGENCY|BAN}
0352 agree|pledge|promise > end|stop|halt|suspend {PROTEST}
0352 agree > call (off) {PROTEST}
0353 agree|pledge|promise|offer|vow > release|free|return|repatriate|swap|exchange
0353 agree|pledge|promise|offer > release|free|return|swap|exchange {PRISONERS|PROPERTY}
0353 agree > set (free)
0353 agree > hand (over) {PRISONERS}
0354 agree|pledge|promise|offer > lift|ease|end|remove|relax|suspend {SANCTIONS}
0355 agree|pledge|promise|offer > allow|admit|accept|receive|let {INSPECTORS|ACCESS|AIDWORKERS|PEACEKEEPERS}
0355 agree|pledge > open {BORDER|ACCESS}
0356 agree|pledge|promise|vow|offer > withdraw|pull|de-escalate|demobilize|disarm|retreat
0356 agree|pledge|promise|vow|offer > withdraw|pull|reduce|cut {TROOPS}
0356 agree|pledge|promise|vow > stop|halt|end|cease|suspend {ATTACK|AIRSTRIKE|SHELLING|DISPUTE}
0356 agree|pledge|promise|vow > respect|observe|honor|honour {CEASEFIRE}
0356 propose|offer {CEASEFIRE}
036  agree {TALKS|NEGOTIATIONS|MEETING}  !recip
036  agree > meet|negotiate|talk|discuss  !recip
036  agree > hold|resume|open|start|begin|launch|join|attend {TALKS|NEGOTIATIONS|MEETING}  !recip
036  agree > return {TALKS|NEGOTIATIONS}  !recip
036  agree > form > negotiate [with]
036  agree > negotiate [with]
036  agree > meet [with]
036  agree > hold {TALKS|NEGOTIATIONS|MEETING} [with]
036  agree > visit
036  offer|propose|suggest {TALKS|NEGOTIATIONS|MEETING} [with]
036  offer|propose|suggest {TALKS|NEGOTIATIONS|MEETING}
036  offer|propose|promise|pledge|vow > meet|negotiate|talk|visit
036  offer|propose|pledge|promise > hold|resume|open {TALKS|NEGOTIATIONS}
036  accept {invitation} [from|of]
036  accept {invitation}
036  accept {TALKS|NEGOTIATIONS}
036  express {willingness|readiness} > meet|negotiate|talk
036  welcome {TALKS|NEGOTIATIONS}
037  agree|pledge|promise|vow > settle|resolve|end {DISPUTE}  !recip
037  agree|pledge > find|seek|reach|work {SETTLEMENT}  !recip
037  offer|propose {SETTLEMENT|peace plan} [to]
037  offer|propose {SETTLEMENT|peace plan}
037  agree {SETTLEMENT}  !recip
038  agree|pledge > accept {MEDIATION}
038  accept|welcome|embrace {MEDIATION}
038  agree > let > mediate
039  offer|propose|volunteer|pledge|agree > mediate|broker|facilitate
039  offer {MEDIATION}
039  offer {MEDIATION} [to]
039  offer > host {TALKS|NEGOTIATIONS|MEETING}

# --- 04 Consult -------------------------------------------------------------------------------
040  meet  !recip
040  meet [with]
040  consult [with]
040  consult
040  confer [with]
040  talk [with|to]
040  talk  !recip
040  discuss [with]
040  discuss  !recip
040  hold {TALKS|MEETING} [with]
040  hold {TALKS|MEETING}  !recip
040  have {TALKS|MEETING} [with]
040  have {TALKS|MEETING}  !recip
040  conduct {TALKS} [with]
040  sit (down) [with]
040  speak [with|to]
040  huddle [with]
040  converse [with]
040  engage [with]
040  engage {TALKS}
040  exchange {view|idea|opinion} [with]
040  exchange {view|idea|opinion}  !recip
040  brief
040  convene [with]
040  gather [with]
041  phone|telephone|ring
041  hold|have {CALL} [with]
041  hold|have {CALL}  !recip
041  make {CALL} [to]
041  speak {phone|telephone} [with|to]
041  talk {phone|telephone} [with|to]
041  speak|talk {phone|telephone}  !recip
041  place {CALL} [to]
041  receive {CALL} [from]  !reverse
042  visit
042  pay {VISIT} [to]
042  make {VISIT} [to]
042  travel [to]
042  fly [to]
042  arrive [in|at]
042  tour
042  attend
042  land [in]
042  journey [to]
042  head [to]
042  go [to]
042  come [to]
042  be [in]
042  begin {VISIT} [to]
042  start {VISIT} [to]
042  wrap (up) {VISIT} [to]
043  host
043  receive
043  welcome [to]
043  host {TALKS|MEETING|VISIT}
043  invite [to]
044  meet {sideline} [with]
044  gather [in|at]
045  mediate [between]
045  mediate
045  broker {AGREEMENT|CEASEFIRE|TALKS|NEGOTIATIONS|SETTLEMENT} [between]
045  broker {AGREEMENT|CEASEFIRE|TALKS|NEGOTIATIONS|SETTLEMENT}
045  facilitate {TALKS|NEGOTIATIONS|AGREEMENT|dialogue}
045  act {MEDIATION}
045  arbitrate
045  shuttle [between]
045  host {NEGOTIATIONS}
046  negotiate [with]
046  negotiate  !recip
046  hold|conduct|have {NEGOTIATIONS} [with]
046  hold|conduct|have {NEGOTIATIONS}  !recip
046  resume {TALKS|NEGOTIATIONS} [with]
046  resume {TALKS|NEGOTIATIONS}  !recip
046  open|begin|start|launch|enter|reopen {NEGOTIATIONS} [with]
046  open|begin|start|launch|enter|reopen {NEGOTIATIONS}  !recip
046  bargain|haggle [with]
046  engage {NEGOTIATIONS}
046  join {NEGOTIATIONS|TALKS}
046  negotiate {AGREEMENT|CEASEFIRE|SETTLEMENT} [with]
046  negotiate {AGREEMENT|CEASEFIRE|SETTLEMENT}  !recip

# --- 05 Engage in diplomatic cooperation -------------------------------------------------------
050  cooperate [with]
050  cooperate  !recip
050  coordinate [with]
050  improve|strengthen|deepen|boost|enhance|bolster {RELATIONS} [with]
050  improve|strengthen|deepen|boost|enhance|bolster {RELATIONS}  !recip
050  normalize|normalise|restore|mend|repair|resume|upgrade {RELATIONS} [with]
050  normalize|normalise|restore|mend|repair|resume|upgrade {RELATIONS}  !recip
050  forge|form|build|strengthen {COOPERATION|alliance} [with]
050  forge|form|build {COOPERATION|alliance}  !recip
050  ally [with]
050  join {force} [with]
050  reconcile [with]
050  team (up) [with]
051  praise|commend|hail|laud|applaud|salute|thank|congratulate|endorse|welcome|acclaim|compliment|honor|honour
051  back|support|approve|appreciate|admire|celebrate|lionize|extol|credit
051  express|extend|convey|voice|offer|send {GRATITUDE} [to|for]
051  express|extend|convey|voice|offer|send {GRATITUDE}
051  pay {tribute} [to]
051  express|voice|declare|reaffirm|reiterate|announce|offer {SUPPORT} [for|to]
051  give {SUPPORT} [to]
051  give {nod|green light|approval|go-ahead} [to]
051  throw {weight} [behind]
051  vote [for]
051  sign (on) [to]
052  defend
052  justify
052  stand (up) [for]
052  stand [by|behind]
052  vouch [for]
052  speak (out) [for|on]
052  come {defense|defence|aid}
052  rally {defense|defence}
053  rally [behind|around]
053  rally {SUPPORT} [for|behind]
053  campaign [for]
053  lobby [for|on]
053  drum (up) {SUPPORT} [for]
053  mobilize|mobilise {SUPPORT} [for]
053  muster {SUPPORT} [for]
054  recognize|recognise|accredit
054  establish {RELATIONS} [with]
054  establish {RELATIONS}  !recip
054  grant|extend|give {recognition} [to]
054  open {EMBASSY} [in]
054  upgrade {RELATIONS} [to]
054  admit {membership}
055  apologize|apologise [to|for]
055  apologize|apologise
055  express {REGRET} [to|for|over]
055  express {REGRET}
055  offer|issue|make|extend {apology} [to|for]
055  offer|issue|make|extend {apology}
056  forgive

056  absolve
056  grant {amnesty|pardon} [to]
056  exonerate
057  sign {AGREEMENT} [with]
057  sign {AGREEMENT}  !recip
057  sign [with]
057  conclude|reach|strike|seal|ink|clinch|finalize|finalise|initial|ratify {AGREEMENT} [with]
057  conclude|reach|strike|seal|ink|clinch|finalize|finalise|initial {AGREEMENT}  !recip
057  ratify|approve {AGREEMENT}
057  agree {AGREEMENT}  !recip
057  agree {AGREEMENT} [with]
057  hammer (out) {AGREEMENT}  !recip
057  enter {AGREEMENT}
057  sign (up) {AGREEMENT}
057  join {AGREEMENT}
057  join {bloc|trade bloc|alliance|pact|free trade area}
057  accede {AGREEMENT}


# --- predicative adjectives (the trigger is the adjective; "X was ready to negotiate") ------------
012  pessimistic|skeptical|sceptical|doubtful|gloomy|worried|concerned|wary
013  optimistic|confident|hopeful|upbeat|positive
030  willing|ready|prepared|eager|keen|open > cooperate|work|help|contribute|assist
0334 willing|ready|prepared > contribute|send|deploy {TROOPS|PEACEKEEPERS}
033  willing|ready|prepared > send|provide|give|deliver {AID|ECON_AID|MIL_AID|HUM_AID}
036  willing|ready|prepared|open|eager|keen > negotiate|meet|talk|resume|hold|attend|visit|join
036  open {TALKS|NEGOTIATIONS|dialogue}
039  willing|ready|prepared > mediate
051  grateful|thankful [to]
051  supportive
019  united [with]

# --- more 01-05 forms -------------------------------------------------------------------------
014  consider|weigh|mull|contemplate {SANCTIONS|ATTACK|AIRSTRIKE|WAR|TROOPS|AID|ECON_AID|MIL_AID}
017  lay {wreath}
055  ask|seek|beg {forgiveness|pardon}
050  readmit|reinstate
041  speak|talk [by]
019  agree {need|importance|necessity}  !recip
