# Nominal event patterns: an event noun whose actors hang off it, e.g. "talks between A and B",
# "A's meeting with B", "the Kerry-Lavrov talks", "airstrikes by A on B".
# Format as in verbs.pat, but the first word is the event noun (or a {CLASS} of nouns) and no `>`.
# The source comes from a possessive (A's), a `by` phrase or a compound modifier; the target from
# the listed prepositions; `between A and B` and two compound actors give both directions.

040  {TALKS} [with]  !recip
040  {MEETING} [with]  !recip
040  {consultation} [with]  !recip
041  {CALL} [with]  !recip
042  {VISIT} [to]
045  {MEDIATION} [between]
046  {NEGOTIATIONS} [with]  !recip
057  {AGREEMENT} [with]  !recip
0871 {CEASEFIRE} [with]  !recip
111  {condemnation|criticism|denunciation} [of]
112  {ACCUSATION} [against]
141  {PROTEST} [against|outside]
163  {SANCTIONS} [on|against]
1711 {seizure|confiscation} [of]
173  {arrest|detention|indictment|prosecution} [of]
174  {deportation|expulsion} [of]
181  {abduction|kidnapping|hijacking} [of]
186  {assassination|killing} [of]
190  {ATTACK} [on|against]
190  {invasion|incursion} [of|into]
191  {blockade|siege} [of|on]
192  {occupation|annexation|capture} [of]
193  {GUNFIRE|shooting} [on|at]
194  {SHELLING} [on|of|against]
195  {AIRSTRIKE} [on|against]
2041 {CHEMICAL} [on|against]
# 0.4.0: more event nouns of real news (each needs both actors around the noun)
051  {praise|commendation|endorsement} [for|of]
070  {AID} [to|for]
0874 {withdrawal|pullout|pull-out|drawdown} [from]
111  {rebuke|censure} [of]
112  {allegation} [against]
115  {lawsuit|suit|legal action|legal challenge} [against]
163  {BAN|restriction|curb} [on|against]
175  {crackdown} [on|against]
180  {bombing|suicide bombing|car bombing|suicide attack} [on|against|of]
190  {clash|fighting|war|hostilities} [with|against]  !recip
074  {deployment} [to|in|into]
018  {CONDOLENCES} [to|for|with]
