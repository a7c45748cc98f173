"""Regular expressions and small word lists, compiled once."""

import re

DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032]")
SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")

# "Updated at 13:53,23-12-2024", "Published 23.12.2024 13:53", "Posted on 23/12/2024"
STAMP_LINE = re.compile(
    r"^(?:(?:updated|published|posted|last\s+updated)\s*(?:at|on)?\s*:?\s*)?"
    r"(?:(?P<t1>\d{1,2}:\d{2})\s*,?\s*(?P<d1>\d{1,2})[-./](?P<m1>\d{1,2})[-./](?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4})(?:\s*,?\s*(?P<t2>\d{1,2}:\d{2}))?)\s*$",
    re.IGNORECASE,
)
# "This story is from March 10, 2002", "Published: 10 March 2002, 14:05", "Last updated on Mar 10, 2002 10:43 AM IST"
STAMP_WRITTEN = re.compile(
    r"^(?:this\s+(?:story|article|report|item)\s+(?:is|was)\s+(?:from|published(?:\s+on)?|dated)"
    r"|(?:last\s+)?(?:updated|published|posted)(?:\s+(?:on|at))?)\s*:?\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;\"')\]]$")


# UK parties and institutions (ANNOTATION.md): every written form -> one ORG name. General UK usage, not tied to
# any document.
UK_INSTITUTIONS = {
    "Conservative Party": "Conservative Party|Conservative party|Conservatives|Conservative|Tory Party|Tory party"
                          "|Tories|Tory",
    "Labour": "Labour Party|Labour party|New Labour|Labour",
    "Liberal Democrats": "Liberal Democrat Party|Liberal Democrats|Liberal Democrat|Lib Dems|Lib Dem|LibDems",
    "Scottish National Party": "Scottish National Party|SNP",
    "UK Independence Party": "UK Independence Party|UKIP|Ukip",
    "Plaid Cymru": "Plaid Cymru|Plaid",
    "Green Party": "Green Party|Greens",
    "Democratic Unionist Party": "Democratic Unionist Party|Democratic Unionists|DUP",
    "Ulster Unionist Party": "Ulster Unionist Party|Ulster Unionists|UUP",
    "Social Democratic and Labour Party": "Social Democratic and Labour Party|SDLP",
    "Sinn Fein": "Sinn Fein|Sinn Féin",
    "British National Party": "British National Party|BNP",
    "Downing Street": "10 Downing Street|Downing Street|Number 10|Number Ten|No 10|No. 10|No10",
    "House of Commons": "House of Commons|Commons",
    "House of Lords": "House of Lords|Lords",
    "Whitehall": "Whitehall",
    "Holyrood": "Holyrood",
}
INSTITUTION_FORMS = {
    tuple(form.split()): name for name, forms in UK_INSTITUTIONS.items() for form in forms.split("|")
}
# Peerage and judicial titles: "Lord X" is the name when no fuller form is given (ANNOTATION.md).
PEERAGE = frozenset("lord lady baroness baron earl viscount duke duchess marquess countess justice".split())
# Honorific words trimmed from the front of any name, whatever its NER label.
NAME_PREFIXES = frozenset("""
mr mrs ms miss dr prof professor sir dame rev reverend lord lady baroness baron earl viscount
mr. mrs. ms. dr. prof. rev. st.
""".split())
# Last words of organisation names ("Commission for Racial Equality" has its head first, "Bar Council" last).
ORG_HEADS = frozenset("""
council commission authority alliance society association party committee union agency department office
organization organisation
ministry service services trust institute institution foundation bank group corporation company co ltd plc
inc corp airport prison police court campaign federation congress board network club united league
university college school hospital charity fund forum unit tribunal inquiry executive assembly parliament
navy army force guard marines news radio tv television times post mail herald gazette telegraph
magazine journal newspaper channel
""".split())
# Words that make a name a law (a named act, bill or treaty).
LAW_WORDS = frozenset("act bill treaty convention charter directive protocol prerogative chapter amendment".split())
# Facility heads that are organisations (airports, prisons, hospitals, universities), not places.
FACILITY_ORGS = frozenset("airport prison hospital university college school station".split())
# Nouns after a name that make it a company or a team: "X shares", "X's chief executive", "X manager".
COMPANY_AFTER = frozenset("""
shares shareholders share profits profit revenues revenue sales chairman chief boss executives executive
directors board investors stake takeover bid customers subsidiary stores brand unit assets division
""".split())
TEAM_AFTER = frozenset("manager striker midfielder defender goalkeeper winger coach captain fans squad side".split())
# Words before a name that make it a company ("shares in X", "a stake in X").
COMPANY_BEFORE = frozenset("shares stake stakes takeover shareholders".split())
# Nouns of titles of works: "the film X", "the album X".
WORK_NOUNS = frozenset("""
film movie album single book novel show programme series play musical song game thriller comedy drama
documentary sitcom biopic soap
""".split())
# A token that is a number, an amount or a clock time, never a name: "200bn", "1900", "10am", "GMT".
NUMERIC_TOKEN = re.compile(r"^(?:[$£€¥]?\d[\d,.:]*(?:bn|m|k|tn|p|am|pm|s|st|nd|rd|th)?|GMT|BST|CET|EST)$", re.I)
# Religions and their adherents: groups (NORP), never organisations or people.
RELIGION_WORDS = frozenset("""
islam muslim muslims christianity christian christians judaism jew jews jewish hinduism hindu hindus sikhism sikh
sikhs buddhism buddhist buddhists catholic catholics protestant protestants anglican anglicans islamic
sunni sunnis shia shias shiite shiites
""".split())
# Peoples and movements that are no country's demonym: groups (NORP) too.
PEOPLE_WORDS = frozenset("""
arab arabs kurd kurds kurdish roma gypsy gypsies basque basques tamil tamils scandinavian scandinavians soviet
nazi nazis
""".split())
# First words of a region inside a country ('South Wales', 'West Country'): places, not states.
COMPASS_WORDS = frozenset("north south east west northern southern eastern western central".split())
# Occupations written before a name at a sentence start ("Lawyer Jane Roe said"): not part of the name.
OCCUPATION_PREFIXES = frozenset("""
lawyer lawyers barrister solicitor backbencher campaigner campaigners analyst economist author actor actress
singer writer critic activist journalist columnist presenter commentator historian veteran pensioner
broadcaster novelist playwright director producer researcher scientist
""".split())
# Nouns right before a name that make it an organisation ("oil giant X", "charity X", "law firm X").
ORG_BEFORE = frozenset("""
firm company giant group bank maker retailer carrier airline operator producer conglomerate broadcaster
newspaper charity agency watchdog regulator insurer lender supermarket chain club bourse exchange market
""".split())
# Nouns after a name that make it a product ("Windows software", "Xbox console").
PRODUCT_AFTER = frozenset("software console consoles handset handsets operating platform browser gadget".split())
# Last words of named competitions, festivals and ceremonies ("Australian Open", "Davis Cup", "Brit Awards").
EVENT_HEADS = frozenset("""
cup open slam championship championships festival olympics trophy prix tournament marathon derby awards globes
""".split())
# Last words of holidays and calendar names: dates, not entities ("New Year", "New Year's Day").
CALENDAR_WORDS = frozenset("year day eve christmas easter".split())
# Name words that belong to the place or organisation named by the first word ("Amnesty International").
GENERIC_SUFFIXES = frozenset("international bay island islands river mountains holdings worldwide".split())
# Words that join two names inside one NER span ("Arsenal to Real Madrid").
NAME_JOINERS = frozenset(("-", "\u2013", "\u2014", "--", "to", "v", "vs", "versus", "from"))
# Words after a name that make it a recurring event ("Cup winners", "the X ceremony").
EVENT_AFTER = frozenset("winner winners ceremony ceremonies night organisers organizers telecast host".split())
# A version or model number after a name makes it a product line ("Windows XP", "Halo 2").
VERSION_TOKEN = re.compile(r"^(?!(?:[IVX]+|(?:19|20)\d\d)$)(?:\d{1,4}|[A-Z]{2,3}\d*|[A-Z]\d+)$")
# A year after a name makes it an edition of an event ("Euro 2004").
YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$")
# Words right before a name that make it a place ("in X", "near X"); checked only for a name voted GPE or LOC.
PLACE_PREPS = frozenset("in at near to from into across throughout around outside inside towards toward via on".split())
# Nouns before "of X" that make X a place ("the capital of X", "the people of X").
PLACE_OF_NOUNS = frozenset("""
capital city town village region province state county district outskirts streets centre center north south east
west people citizens residents government coast island islands border borders
""".split())
# Words before "in X" that make it no place ("shares in X", "interested in X").
NOT_PLACE_BEFORE_IN = frozenset("""
shares stake stakes shareholders takeover interest interested invest invested investing investment investments
role part
""".split())
# Nouns after "X's" that make X a place ("X's capital", "X's government").
PLACE_AFTER_POSSESSIVE = frozenset("capital government president prime population people citizens economy border "
                                   "borders coast cities".split())
# Last words of place names, and nouns after a place ("Trafalgar Square", "the Yangtze river").
PLACE_HEADS = frozenset("""
street road square lane avenue park bridge stadium ground arena river sea ocean bay gulf lake island islands
mountain mountains mount valley coast peninsula strait desert forest hill hills canal camp heights plain plains
""".split())
# Nouns after a name that make it a place ("the X seat", "the X area").
PLACE_AFTER = frozenset("seat constituency area region province county border residents".split())
# Nouns before "of X" that make X a company ("the sale of X", "the auction of X").
COMPANY_OF_NOUNS = frozenset("""
sale auction purchase ownership owner owners buyer buyers takeover acquisition disposal flotation privatisation
privatization break-up
""".split())
# Last words of the name of a prize ("Turner Prize", "Golden Globe"): a prize is not an entity (ANNOTATION.md's
# types); the ceremony named after it ("the Golden Globes", "the Brit Awards") is an EVENT.
AWARD_HEADS = frozenset("award prize globe".split())
# Words after a name that make it an award ("Oscar nominations", "Oscar-winning", "Bafta hopefuls").
AWARD_CUES_AFTER = frozenset("""
nomination nominations nominee nominees nominated hopeful hopefuls contender contenders category categories
statuette statuettes award awards
""".split())
# The same after a hyphen only ("Oscar-winning", "double Oscar-winner"; a bare "X winner" may be a competition's).
AWARD_CUES_HYPHENATED = frozenset("winning winner winners nominated".split())
# Verbs before "a/an/two X" that make X an award ("won an Oscar", "nominated for three Baftas"), and the words that
# may stand between them ("won his first Oscar"); "won the X" is left out (competitions are won too).
AWARD_VERBS = frozenset("won win wins winning awarded scooped collected received receive nominated picked".split())
AWARD_GAP_WORDS = frozenset("""
a an his her their its first second third fourth fifth two three four five six seven eight nine ten ever another
for up
""".split())
# Nouns after a name that make it a group of people ("X origin", "the X community").
GROUP_AFTER = frozenset("""
origin descent heritage background extraction community communities minority minorities population populations
""".split())
# Words before "of the X" that head a name, not a title ("Bank of the West", "President of the Senate").
NAME_OF_HEADS = frozenset("museum church palace cathedral temple republic battle house order".split())
# A capitalised political movement's follower ('Communists', 'Islamists', 'Unionist'): a group (NORP).
MOVEMENT_WORD = re.compile(r"^[A-Z][a-z]{3,}ists?$")
