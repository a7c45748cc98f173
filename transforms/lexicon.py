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
# Words inside a role phrase that are not part of the role.
ROLE_NOISE = frozenset("the a an then former late acting outgoing incoming new current".split())

SPEECH_VERBS = frozenset("""
say tell add state declare insist explain note stress warn claim argue reply respond answer
write announce admit acknowledge comment remark suggest confirm emphasise emphasize told
""".split())

# (lemma, particle-or-preposition or object noun) or lemma alone -> PLOVER type.
EVENT_TRIGGERS: dict[str, str] = {
    # AGREE
    "agree": "AGREE", "accept": "AGREE", "approve": "AGREE", "settle": "AGREE", "ratify": "AGREE",
    "sign": "AGREE", "reach agreement": "AGREE", "reach deal": "AGREE", "conclude agreement": "AGREE",
    # CONSULT
    "meet": "CONSULT", "meet with": "CONSULT", "visit": "CONSULT", "discuss": "CONSULT",
    "talk": "CONSULT", "talk to": "CONSULT", "talk with": "CONSULT", "consult": "CONSULT",
    "negotiate": "CONSULT", "confer": "CONSULT", "host meeting": "CONSULT", "host talks": "CONSULT",
    "host summit": "CONSULT", "host session": "CONSULT", "host conference": "CONSULT",
    "hold talks": "CONSULT", "hold meeting": "CONSULT", "hold summit": "CONSULT",
    "hold session": "CONSULT", "hold consultations": "CONSULT", "hold negotiations": "CONSULT",
    "telephone": "CONSULT", "phone": "CONSULT",
    # SUPPORT
    "support": "SUPPORT", "praise": "SUPPORT", "back": "SUPPORT", "endorse": "SUPPORT",
    "welcome": "SUPPORT", "thank": "SUPPORT", "commend": "SUPPORT", "applaud": "SUPPORT",
    "congratulate": "SUPPORT", "defend": "SUPPORT", "express gratitude": "SUPPORT",
    "express support": "SUPPORT", "express solidarity": "SUPPORT", "express appreciation": "SUPPORT",
    # CONCEDE
    "concede": "CONCEDE", "apologise": "CONCEDE", "apologize": "CONCEDE", "yield": "CONCEDE",
    "relent": "CONCEDE", "back down": "CONCEDE", "give in": "CONCEDE", "release": "CONCEDE",
    "ease": "CONCEDE", "lift": "CONCEDE", "free": "CONCEDE", "pardon": "CONCEDE",
    # COOPERATE
    "cooperate": "COOPERATE", "co-operate": "COOPERATE", "collaborate": "COOPERATE",
    "partner": "COOPERATE", "ally": "COOPERATE", "coordinate": "COOPERATE", "work with": "COOPERATE",
    "join forces": "COOPERATE", "team up": "COOPERATE",
    # AID
    "aid": "AID", "assist": "AID", "help": "AID", "donate": "AID", "supply": "AID",
    "fund": "AID", "provide aid": "AID", "provide assistance": "AID", "send aid": "AID",
    "send troops": "AID", "deliver aid": "AID", "rescue": "AID", "shelter": "AID",
    # RETREAT
    "withdraw": "RETREAT", "retreat": "RETREAT", "pull out": "RETREAT", "pull back": "RETREAT",
    "evacuate": "RETREAT", "disarm": "RETREAT", "demobilize": "RETREAT", "demobilise": "RETREAT",
    # REQUEST
    "ask": "REQUEST", "request": "REQUEST", "call on": "REQUEST", "call for": "REQUEST",
    "urge": "REQUEST", "demand": "REQUEST", "appeal": "REQUEST", "appeal to": "REQUEST",
    "invite": "REQUEST", "instruct": "REQUEST", "press": "REQUEST", "seek": "REQUEST",
    "plead": "REQUEST", "petition": "REQUEST", "order": "REQUEST",
    # ACCUSE
    "accuse": "ACCUSE", "blame": "ACCUSE", "criticise": "ACCUSE", "criticize": "ACCUSE",
    "condemn": "ACCUSE", "denounce": "ACCUSE", "allege": "ACCUSE", "censure": "ACCUSE",
    "attack verbally": "ACCUSE", "slam": "ACCUSE", "rebuke": "ACCUSE", "charge": "ACCUSE",
    "sue": "ACCUSE", "investigate": "ACCUSE", "deplore": "ACCUSE",
    # REJECT
    "reject": "REJECT", "refuse": "REJECT", "deny": "REJECT", "decline": "REJECT",
    "turn down": "REJECT", "veto": "REJECT", "oppose": "REJECT", "dismiss": "REJECT",
    "boycott": "REJECT", "resist": "REJECT", "rebuff": "REJECT", "defy": "REJECT",
    # THREATEN
    "threaten": "THREATEN", "warn": "THREATEN", "issue ultimatum": "THREATEN",
    # PROTEST
    "protest": "PROTEST", "demonstrate": "PROTEST", "rally": "PROTEST", "march": "PROTEST",
    "riot": "PROTEST", "picket": "PROTEST", "go on strike": "PROTEST", "stage protest": "PROTEST",
    "hold protest": "PROTEST", "hold rally": "PROTEST",
    # SANCTION
    "sanction": "SANCTION", "ban": "SANCTION", "embargo": "SANCTION", "expel": "SANCTION",
    "suspend": "SANCTION", "impose sanctions": "SANCTION", "freeze": "SANCTION", "sever": "SANCTION",
    "cut ties": "SANCTION", "fine": "SANCTION", "penalise": "SANCTION", "penalize": "SANCTION",
    "recall ambassador": "SANCTION", "blacklist": "SANCTION",
    # MOBILIZE
    "mobilize": "MOBILIZE", "mobilise": "MOBILIZE", "deploy": "MOBILIZE", "mass": "MOBILIZE",
    # COERCE
    "arrest": "COERCE", "detain": "COERCE", "seize": "COERCE", "raid": "COERCE", "deport": "COERCE",
    "jail": "COERCE", "imprison": "COERCE", "confiscate": "COERCE", "censor": "COERCE",
    "sentence": "COERCE", "convict": "COERCE", "execute": "COERCE", "abduct": "COERCE",
    "kidnap": "COERCE", "blockade": "COERCE", "evict": "COERCE",
    # ASSAULT
    "attack": "ASSAULT", "kill": "ASSAULT", "bomb": "ASSAULT", "shoot": "ASSAULT",
    "invade": "ASSAULT", "shell": "ASSAULT", "assault": "ASSAULT", "wound": "ASSAULT",
    "injure": "ASSAULT", "fight": "ASSAULT", "clash": "ASSAULT", "murder": "ASSAULT",
    "assassinate": "ASSAULT", "ambush": "ASSAULT", "massacre": "ASSAULT", "torture": "ASSAULT",
    "storm": "ASSAULT", "stab": "ASSAULT", "behead": "ASSAULT", "airstrike": "ASSAULT",
}

# Nouns for a gathering: "the summit is scheduled for ...", "talks will take place".
MEETING_NOUNS = frozenset("""
meeting meetings talks summit session sessions conference negotiations consultations visit
visits congress forum assembly
""".split())
# Verbs that place a meeting noun in time without an actor doing it.
SCHEDULING_VERBS = frozenset("schedule plan set slate due hold take".split())

# Governing verbs that make the embedded action planned or negated.
PLANNED_GOVERNORS = frozenset("plan intend expect schedule set due aim prepare hope propose seek want".split())
NEGATING_GOVERNORS = frozenset("fail".split())
PLANNED_AUX = frozenset("will shall 'll".split())
NEGATION_WORDS = frozenset("not n't never no".split())

# Verbs whose clause complement carries the event ("X refused to sign" codes "refuse").
CONTROL_TRIGGERS_BLOCK = frozenset("REQUEST REJECT THREATEN".split())

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
