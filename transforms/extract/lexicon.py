"""Word lists the rules use: titles, speech verbs, event triggers, modal cues. Patterns are data."""

# Words that make a preceding noun phrase a title or office ("Prime Minister", "Secretary General").
TITLE_WORDS = frozenset("""
president vice minister prime secretary general chancellor premier chairman chairwoman chair
chief head director governor mayor senator congressman congresswoman ambassador envoy spokesman
spokeswoman spokesperson king queen prince princess emperor pope bishop archbishop cardinal
commander colonel captain lieutenant sergeant admiral marshal judge justice attorney prosecutor
leader deputy mp mep chief executive ceo cfo founder coach manager lord lady sir dame sheikh
mr mrs ms miss dr prof professor rev councillor commissioner speaker representative rep sen gov
treasurer dean rector officer inspector superintendent constable detective general-secretary
""".split())
# Titles that abbreviate with a period and are dropped from names.
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady rev mr. mrs. ms. dr. prof. rev.".split())
# Government portfolios: inside a title ("Home Secretary", "Minister of Foreign Affairs") they are not names.
PORTFOLIO_WORDS = frozenset("""
home foreign affairs defence defense interior justice finance treasury state health education culture
environment transport trade energy agriculture labour labor economy economic commerce industry tourism
sport sports shadow internal external security development communications information media science
technology housing welfare employment work pensions social works public infrastructure emergency
emergencies immigration culture heritage northern ireland scotland wales europe european exchequer
""".split())
# Post-nominal letters and titles that NER sometimes tags as entities.
POST_NOMINALS = frozenset("qc kc sc mp mep msp mla jr sr jnr snr phd emeritus obe mbe cbe".split())
# Words inside a role phrase that are not part of the role.
ROLE_NOISE = frozenset("the a an then former late acting outgoing incoming new current".split())

SPEECH_VERBS = frozenset("""
say tell add state declare insist explain note stress warn claim argue reply respond answer
write announce admit acknowledge comment remark suggest confirm emphasise emphasize told
""".split())

# (lemma, particle-or-preposition or object noun) or lemma alone -> PLOVER type.
# Types follow PLOVER's CAMEO crosswalk (e.g. signing and apologising are SUPPORT, releasing is RETREAT).
_TRIGGERS = {
    "AGREE": """agree|accept|approve|settle|offer|promise|pledge|vow|reach agreement|reach deal|reach accord
        |reach consensus|conclude agreement|agree on|agree to|commit|undertake|guarantee|strike deal|strike agreement
        |strike accord|seal deal|seal agreement|clinch deal|sign deal|sign agreement|sign treaty|sign accord""",
    "CONSULT": """meet|meet with|visit|discuss|talk|talk to|talk with|consult|negotiate|confer|mediate|receive
        |host meeting|host talks|host summit|host session|host conference|host delegation|host president
        |host minister|host leader|hold talks|hold meeting|hold summit|hold session|hold consultations
        |hold negotiations|hold discussions|attend summit|attend meeting|attend talks|attend conference
        |telephone|phone|renew negotiations|resume talks|resume negotiations|open talks|seek advice|seek guidance
        |take advice|seek talks|travel to|fly to""",
    "SUPPORT": """support|praise|back|endorse|welcome|thank|commend|applaud|congratulate|defend|sign|ratify
        |apologise|apologize|forgive|recognize|recognise|express gratitude|express support|express solidarity
        |express appreciation|express condolences|express sympathy|pay tribute|hail|laud|salute
        |establish ties|establish relations|restore relations|restore ties|upgrade ties|upgrade relations""",
    "CONCEDE": """concede|yield|relent|back down|give in|allow|permit|accede|compromise|call off
        |accept demands|meet demands|accept terms|cancel restrictions|shorten curfew""",
    "COOPERATE": """cooperate|co-operate|collaborate|partner|ally|coordinate|work with|join forces|team up
        |share intelligence|share information|share evidence|exchange information|exchange intelligence
        |extradite|conduct exercises|hold exercises|launch exercises""",
    "AID": """aid|assist|donate|supply|fund|give aid|give assistance|give money|provide|provide aid
        |provide assistance|send aid|send assistance|send supplies|send food|send medicine|deliver aid
        |deliver supplies|rescue|shelter|grant asylum|contribute troops|hand over aid|airlift|finance""",
    "RETREAT": """withdraw|retreat|pull out|pull back|evacuate|disarm|demobilize|demobilise
        |surrender|release|free|lift sanctions|lift blockade|lift ban|lift curfew|ease sanctions|ease restrictions
        |declare ceasefire|declare truce|return territory|return prisoners|hand back|pay compensation""",
    "REQUEST": """ask|request|call on|call for|urge|demand|appeal|appeal to|appeal for|invite|instruct|press
        |seek|plead|petition|order|push for|insist|pressure|exhort|implore|beg|challenge|join call|join calls""",
    "ACCUSE": """accuse|blame|criticise|criticize|condemn|denounce|allege|censure|slam|rebuke|charge|indict
        |sue|investigate|deplore|complain|lodge protest|lodge complaint|summon ambassador|summon envoy
        |reproach|attack verbally|decry|lambast|castigate|brand|hit out|hit back|lash out|lay into|round on
        |echo criticism|echo criticisms""",
    "REJECT": """reject|refuse|deny|decline|turn down|veto|oppose|dismiss|resist|rebuff|defy|renege|violate
        |rule out|shrug off|brush aside|brush off
        |repudiate|spurn|disregard|breach""",
    "THREATEN": """threaten|warn|issue ultimatum|issue warning|swear|menace""",
    "PROTEST": """protest|demonstrate|rally|march|riot|picket|boycott|go on strike|stage protest|stage rally
        |stage demonstration|stage strike|stage sit-in|stage walkout|hold protest|hold rally|hold demonstration
        |begin hunger strike|launch strike|block road|block roads|block street|block streets""",
    "SANCTION": """sanction|embargo|suspend|impose sanctions|freeze|sever|cut ties|cut off|fine|penalise
        |penalize|recall ambassador|blacklist|cancel visit|halt aid|end aid|stop aid|cut aid|reduce aid
        |suspend aid|break off|break off relations|close border|deny entry|prohibit|boycott talks""",
    "MOBILIZE": """mobilize|mobilise|deploy|mass|reinforce|put on alert|station troops|send troops""",
    "COERCE": """arrest|detain|seize|raid|deport|jail|imprison|confiscate|censor|sentence|convict|execute
        |abduct|kidnap|blockade|evict|ban|expel|outlaw|demolish|impose curfew|impose martial law|hack
        |occupy|capture|hold hostage|take hostage|round up|crack down|crackdown|torture|persecute|intimidate""",
    "ASSAULT": """attack|kill|bomb|shoot|invade|shell|assault|wound|injure|fight|clash|murder|assassinate
        |ambush|massacre|storm|stab|behead|airstrike|fire at|fire on|open fire|bombard|strike at|beat
        |beat up|retake|launch attack|launch strike|launch missiles|launch rockets|fire missiles
        |fire rockets|explode|detonate|blow up|set fire|torch|raze|gun down|rape|lynch""",
}
EVENT_TRIGGERS: dict[str, str] = {
    phrase.strip(): type_ for type_, phrases in _TRIGGERS.items() for phrase in phrases.split("|")
}

# Adjectives that make "X is ready/willing to V" an AGREE.
AGREE_ADJECTIVES = frozenset("willing ready prepared committed determined eager".split())
# Verbs whose complement clause is not an event of its own ("X wants Y to attack", "X claimed Y attacked").
ABSORBING_GOVERNORS = frozenset("want wish claim allege hope fear deny say".split()) - {"say"}
# Triggers whose complement clause they absorb ("asked Y to remove", "refused to sign", "offered to help").
CONTROL_TYPES = frozenset("REQUEST REJECT THREATEN ACCUSE AGREE".split())
# Modal auxiliaries that turn "X said Y must V" into a demand by X.
DEMAND_MODALS = frozenset("must should".split())

# Nouns for a gathering: "the summit is scheduled for ...", "talks will take place".
MEETING_NOUNS = frozenset("""
meeting meetings talks summit session sessions conference negotiations consultations visit
visits congress forum assembly
""".split())
# Verbs that place a meeting noun in time without an actor doing it.
SCHEDULING_VERBS = frozenset("schedule plan set slate due".split())

# Governing verbs that make the embedded action planned or negated.
PLANNED_GOVERNORS = frozenset("plan intend expect schedule set due aim prepare hope propose seek want".split())
NEGATING_GOVERNORS = frozenset("fail".split())
PLANNED_AUX = frozenset("will shall 'll".split())
NEGATION_WORDS = frozenset("not n't never no".split())

# Heads of phrases naming groups of people: "Fijian rebels", "Afghan rebel leaders" act as their people (NORP).
GROUP_NOUNS = frozenset("""
rebels rebel militants militant leaders leader protesters protester demonstrators students workers activists
guerrillas fighters insurgents separatists side sides groups group community communities people villagers
refugees opposition nationalists settlers tribesmen gunmen mps politicians
""".split())
# Heads of phrases naming a state's agents: "British troops", "the Turkish government" act for the country.
STATE_AGENT_NOUNS = frozenset("""
government governments administration authorities officials official ministers minister troops forces
soldiers army navy diplomats diplomat embassy envoy ambassador police military regime
""".split())


NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "dozens": 24,
}
MULTIPLIERS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "tn": 1e12,
}
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₽": "RUB", "₹": "INR"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR",
    "yen": "JPY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY",
    "rupee": "INR", "rupees": "INR", "francs": "CHF",
}
PERCENT_WORDS = frozenset("% percent per cent pct".split())
