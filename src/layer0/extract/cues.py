"""Words that say what a sentence is about, German and English together (a German article
quotes English terms and the other way round). Alternatives are separated by '|'; stems end
in \\w* so that inflections match ("Investitionen", "Abnahmevertrag")."""

from __future__ import annotations

import functools
import re

try:   # CPython's own parser of patterns (no public API): the tree required_words reads
    from re import _constants, _parser
except ImportError:   # pragma: no cover (another Python: every cue is simply run)
    _constants = _parser = None


def _cue(words: str, boundary: bool = True) -> re.Pattern:
    alternatives = [w.strip().replace("[ -]", r"[\s-]").replace(" ", r"\s")
                    for w in _top_level(words) if w.strip()]
    # "\w+kredit\w*" (a compound's end) is sought inside words, without the boundary, so
    # that the look-ahead of _initials can skip every other position.
    inner = [w[3:] for w in alternatives if w[:3] in (r"\w+", r"\w*")]
    outer = [w for w in alternatives if w[:3] not in (r"\w+", r"\w*")]
    pattern = (r"\b" if boundary else "") + _initials(outer) + "(?:" + "|".join(outer) + ")"
    if inner:
        pattern += "|" + _initials(inner) + "(?:" + "|".join(inner) + ")"
    compiled = re.compile(pattern, re.IGNORECASE)
    LITERALS[id(compiled)] = required_words(compiled)
    return compiled


# cue -> words one of which every match contains (lower case), or None when some
# alternative has no such word: a stretch of text where none of them ends cannot match, so
# the cue is not run there (document.Document.search)
# by id(pattern): a compiled pattern hashes its whole compiled code at every lookup (7 us for
# EXPORT_CONTROL), an id not at all; the cues live as long as the process
LITERALS: dict[int, tuple[str, ...] | None] = {}


def literals(cue: re.Pattern) -> tuple[str, ...] | None:
    """The words one of which is in every match of `cue` (None: no such list)."""
    return LITERALS.get(id(cue))
MIN_LITERAL = 2   # shorter ones ("a year") occur everywhere: such a cue is always run


def required_words(cue: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case words one of which every match of `cue` contains; None when no such list
    is known (some alternative may match without a literal of MIN_LITERAL characters).

    Read from the pattern's parse tree: a run of literal characters is a word; a sequence
    needs the words of its most selective part (for "(?:curb|ban|halt)\\W+(?:\\w+\\W+){0,4}?
    exports?" the one word "export", not the three verbs); alternatives need the union of
    theirs, each taking the words the others share where it has a choice; a repeat that
    may match nothing, a look-around and a class of several letters need nothing."""
    if _parser is None:   # pragma: no cover
        return None
    try:
        tree = _parser.parse(cue.pattern, cue.flags)
    except (re.error, TypeError, ValueError, RecursionError):   # pragma: no cover
        return None
    options = _sequence_options(list(tree))
    if not options:
        return None
    words = _most_selective(options)
    # a word that contains another is found wherever the other is
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _most_selective(options: list[frozenset[str]], shared: dict[str, int] | None = None
                    ) -> frozenset[str]:
    """Of several word lists, each necessary, the one cheapest to test and rarest to pass:
    words of three letters or more, words other alternatives of the same group need anyway
    (`shared`: word -> how many alternatives can use it), few of them, long ones."""
    def score(option):
        common = sum((shared or {}).get(w, 0) for w in option) / len(option)
        return min(map(len, option)) >= 3, common, -len(option), min(map(len, option))
    return max(options, key=score)


def _literal_char(op, av) -> str | None:
    """The one lower-case character a node matches (a literal, or "[Ee]"), else None."""
    if op is _constants.LITERAL:
        return chr(av).lower()
    if op is _constants.IN and all(o is _constants.LITERAL for o, _ in av):
        chars = {chr(a).lower() for _, a in av}
        if len(chars) == 1:
            return chars.pop()
    return None


def _sequence_options(items: list) -> list[frozenset[str]]:
    """The word lists a sequence of nodes needs, one per part that needs some."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        char = _literal_char(op, av) if op is not None else None
        if char is not None:
            run.append(char)
            continue
        if len(run) >= MIN_LITERAL:
            options.append(frozenset(["".join(run)]))
        run = []
        if op is None or op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue       # the end, or zero width: ends a word, needs nothing
        options.extend(_node_options(op, av))
    return options


def _node_options(op, av) -> list[frozenset[str]]:
    if op is _constants.SUBPATTERN:
        return _sequence_options(list(av[3]))
    if op is _constants.ATOMIC_GROUP:
        return _sequence_options(list(av))
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        return _sequence_options(list(av[2])) if av[0] >= 1 else []
    if op is _constants.BRANCH:
        each = [_sequence_options(list(branch)) for branch in av[1]]
        if not all(each):
            return []
        shared: dict[str, int] = {}
        for options in each:
            for word in set().union(*options):
                shared[word] = shared.get(word, 0) + 1
        return [frozenset().union(*(_most_selective(o, shared) for o in each))]
    return []


def _top_level(words: str) -> list[str]:
    """The alternatives of `words` split at the '|' outside parentheses and brackets."""
    parts, depth, current, escaped = [], 0, [], False
    for char in words:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    return [*parts, "".join(current)]


def _initials(alternatives: list[str]) -> str:
    """A look-ahead on the letters the alternatives start with, so that the engine skips
    most positions without trying each alternative (3-10x faster on a sentence without a
    hit); empty when an alternative may start with any word character."""
    first = _first_letters(alternatives)
    return "(?=[" + re.escape("".join(sorted(first))) + "])" if first else ""


def _first_letters(alternatives: list[str]) -> set[str] | None:
    """The letters the alternatives can start with (both cases), looking into a leading
    group "(?:to|will) supply"; None when one may start with any character."""
    first: set[str] = set()
    for alternative in alternatives:
        head = alternative.removeprefix(r"\b")
        if head.startswith("(?:"):          # the group's own alternatives
            depth, close = 0, None
            for i, char in enumerate(head):
                depth += char == "(" and head[i - 1:i] != "\\"
                depth -= char == ")" and head[i - 1:i] != "\\"
                if depth == 0:
                    close = i
                    break
            if close is None or head[close + 1:close + 2] in ("?", "*", "{"):
                return None
            inner = _first_letters(_top_level(head[3:close]))
            if not inner:
                return None
            first |= inner
            continue
        head = head[1:2] if head[:1] == "\\" and not head[1:2].isalnum() else head[:1]
        if not (head.isalpha() or head in "%$€£"):
            return None
        first |= {head.lower(), head.upper()}
    return first


INVEST = _cue(r"investier\w*|Investition\w*|invest\w*|ausgeben|spend\w*|capex|pledge\w*|"
              r"capital expenditure\w*|Kapitalausgaben|Investitionsausgaben|"
              r"commit\w*|steck\w*|Milliardenprojekt\w*|Ausbau\w*|expand\w*|expansion|"
              r"bau\w*|build\w*|errichte\w*|construct\w*|plan\w*")
# What a build costs is its capex: "the project, which will cost around $8 billion", "at a
# cost of $450 million" (GENERAL's "costs" are averages: "the cost of a gigawatt")
PROJECT_COST = _cue(r"will cost|to cost|costing|at a cost of|"
                    r"at a total cost of|total cost of|Gesamtkosten|Baukosten|Projektkosten|"
                    r"kosten soll\w*|kosten wird|kosten werden")
# The nouns of a data centre itself, which both cues below begin with
_DC_NOUNS = (r"Rechenzent\w*|\w+rechenzent\w*|Datenzent\w*|Datencent\w*|data[ -]?cent\w*|"
             r"datacent\w*|Campus\w*|Serverfarm\w*|")
DATA_CENTRE = _cue(_DC_NOUNS +
                   r"facilit\w*|Standort\w*|sites?\b|cluster\w*|Supercomputer\w*|"
                   r"AI[ -]infrastructure|KI-Infrastruktur\w*|Infrastruktur\w*|"
                   r"infrastructure|Cloud\w*|Stargate|Colossus|Hyperion|AI|KI|Komplex\w*|"
                   r"Projekt\w*|project\w*|\w+projekt\w*")
_PLANTS = (r"Kraftwerk\w*|power[ -]plant\w*|reactor\w*|Reaktor\w*|Kernkraft\w*|"
           r"nuclear|solar\w*|wind\w*|Photovoltaik\w*|Gaskraftwerk\w*|turbine\w*|"
           r"Stromabnahme\w*|PPA|power purchase|battery storage|Batteriespeicher\w*")
POWER_PLANT = _cue(_PLANTS)
# Power that is not a data centre's own: plants, the grid, electricity supply and use.
ENERGY = _cue(_PLANTS + r"|hydro\w*|Wasserkraft\w*|geotherm\w*|gas[ -]fired|coal\w*|"
              r"Kohle\w*|grid\w*|Netz\w*|Strom\w*|electricity|"
              r"power (?:supply|demand|consumption)|Energie\w*|energy")
# One build, not a market: its capacity in a later year is the project's plan.
PROJECT = _cue(r"campus\w*|project\w*|Projekt\w*|\w+projekt\w*|facilit\w*|sites?\b|Standort\w*|"
               r"Vorhaben\w*|"
               r"cluster\w*|Anlage\b|phase\w*|Bauabschnitt\w*")
NOT_CAPEX = _cue(r"Umsatz\w*|revenue\w*|Gewinn\w*|profit\w*|Börsenwert\w*|market value|"
                 r"portfolio\w*|Portfolio\w*|assets under management|valued at|"
                 r"market cap\w*|Marktwert\w*|sales|Aktie\w*|share price\w*|Preis\w*|"
                 r"price\w*|valuation\w*|Bewertung\w*|raised|raises|Finanzierungsrunde\w*|"
                 r"funding round\w*|Dividend\w*|Kurs\w*|earnings|Strafe\w*|fined|"
                 r"Subvention\w*|subsid\w*|Kreditgarantie\w*|loan\w*|Kredit\w*|Zöll\w*|"
                 r"tariff\w*|worth|net income|Nettogewinn\w*|grant\w*|Zuschuss\w*|"
                 # takings, orders and market moves: "brought in $107.56 billion", "a record
                 # order book of $500bn", "a $500-billion gain in AI stocks"
                 r"brought in|took in|order book\w*|bookings|backlog\w*|Auftragsbestand\w*|"
                 r"Marktkapitalisierung\w*|investment firm\w*|investment manager\w*|"
                 r"asset manager\w*|Vermögensverwalter\w*|available credit|liquidity|"
                 r"Liquidität\w*|"
                 r"Auftragseing\w*|stocks\b|gains?\b|Kursgewinn\w*|"
                 r"Fördermittel\w*|Steuer\w*|tax\w*|EBITDA|EBIT\b|operating income|"
                 r"power purchase|PPAs?\b|Stromabnahme\w*|Strombezug\w*")
OFFTAKE = _cue(r"Abnahme\w*|Liefervertrag\w*|Liefervereinbarung\w*|Vereinbarung\w*|Deal\w*|"
               r"Vertrag\w*|sichert\w*|gesichert|beziehen|bezieht|Abnehmer\w*|Kunde\w*|"
               r"Kauf\w*|kauft\w*|offtake\w*|off-take\w*|agreement\w*|contract\w*|"
               r"supply deal\w*|supply agreement\w*|(?:to|will|would) supply|supplies|"
               r"(?:agreed|committed|agrees|commits|contracted) to sell|"
               r"supplied|customer\w*|"
               r"purchas\w*|buy\w*|bought|secur(?:e|es|ed|ing)|liefer\w*|deliver\w*|"
               r"procurement|Beschaffung\w*")
PRODUCTION = _cue(r"produzier\w*|Produktion\w*|\w+produktion\w*|gefördert\w*|fördert\w*|"
                  r"Förderung\w*|Jahresproduktion\w*|Ausstoß\w*|produc\w*|output\w*|mined|"
                  r"per year|pro Jahr|jährlich\w*|annual\w*|a year|each year|yield\w*")
EXPORT_CONTROL = _cue(r"Exportkontroll\w*|Exportbeschränkung\w*|Ausfuhrbeschränkung\w*|"
                      r"Ausfuhrkontroll\w*|Exportverbot\w*|Ausfuhrverbot\w*|Exportlizenz\w*|"
                      r"Ausfuhrgenehmigung\w*|Exportstopp\w*|Exportgenehmigung\w*|"
                      r"Ausfuhrlizenz\w*|export[ -]control\w*|export restriction\w*|"
                      r"export permits?|Exporterlaubnis\w*|"
                      r"Exportrestriktion\w*|Export-Restriktion\w*|Ausfuhrrestriktion\w*|"
                      r"Export-Kontroll\w*|Export-Beschränkung\w*|Export-Verbot\w*|"
                      r"Export-Lizenz\w*|Export-Stopp\w*|"
                      r"export ban(?:s|ned)?\b|export licen[cs]\w*|"
                      r"ban(?:s|ned|ning)? (?:on )?(?:the )?export\w*|"
                      r"restrict\w* (?:the )?export\w*|banned (?:the )?export\w*|"
                      r"licen[cs]ing requirement\w*|Exporte? (?:\w+ )?(?:verboten|"
                      r"beschränkt|untersagt|eingeschränkt)|"
                      # verbs of a measure near "export(s)": curbs, tightens, halts, lifts ...
                      r"(?:curb\w*|restrict\w*|tighten\w*|halt\w*|suspen\w*|eas\w+|"
                      r"lift\w*|limit\w*|ban(?:s|ned|ning)?|quota\w*|licen[cs]\w*|control\w*|block\w*)"
                      r"\W+(?:\w+\W+){0,4}?exports?\b|"
                      # "exports of dual-use items ... are now banned"
                      r"exports?\W+of\W+(?:\w+\W+){0,14}?(?:are|were|is|was|will be|"
                      r"have been|has been)\W+(?:now\W+|also\W+)?(?:prohibited|banned|"
                      r"restricted|halted|suspended|curbed)\b|"
                      r"exports?\W+(?:\w+\W+){0,3}?(?:curb\w*|restriction\w*|quota\w*|"
                      r"halt\w*|suspen\w*|licen[cs]\w*|ban(?:s|ned|ning)?\b|controls?\b)|"
                      r"Ausfuhr\w*\W+(?:\w+\W+){0,5}?(?:beschränk\w*|kontrollier\w*|kürz\w*|"
                      r"verbiet\w*|untersag\w*|stopp\w*|genehmig\w*|verschärf\w*)|"
                      r"(?:kürz\w*|beschränk\w*|verbiet\w*|verbot\w*|stopp\w*|untersag\w*|"
                      r"verschärf\w*|setzt\w*\W+aus)\W+(?:\w+\W+){0,4}?(?:Ausfuhr\w*|Export\w*)|"
                      r"Exportauflage\w*|Ausfuhrverbot\w*|Ausfuhrstopp\w*|Exportquote\w*|"
                      r"Exportobergrenze\w*|Ausfuhrobergrenze\w*|Exportkontingent\w*|"
                      r"export cap\b|export caps\b|export quota\w*|"
                      # "dürfen maximal 18.125 Tonnen Kobalt exportiert werden"
                      r"(?:dürfen|darf|may|allowed to)\W+(?:maximal|höchstens|nicht mehr als|"
                      r"at most|no more than|up to)\W+(?:\w+\W+){0,5}?"
                      r"(?:exportiert|ausgeführt|exported)\b|"
                      r"Ausfuhrquote\w*|Exportbeschränk\w*|"
                      # "Grafitexporte ... strenger kontrolliert", "von Exporten ausgeschlossen"
                      r"\w*[Ee]xporte?n?\W+(?:\w+\W+){0,8}?(?:kontrolliert|beschränkt|verboten|"
                      r"gestoppt|untersagt|eingeschränkt|ausgeschlossen|ausgesetzt)")
# The words of a measure without "export": in an article whose lead is of export controls,
# "China has imposed restrictions on eight types of tungsten products" is one more.
MEASURE = _cue(r"restrict\w*|curbs?\b|curbed|Beschränkung\w*|beschränk\w*|licen[cs]\w*|"
               r"Lizenz\w*|bans?\b|banned|Verbot\w*|verbiet\w*|verboten|untersagt|quotas?\b|"
               r"Quote\w*")
# The kind of an export-control measure, first that matches ("hat das Exportverbot ...
# ausgesetzt" suspends a ban): the news-real gold's words for it.
MEASURES = (
    # lifting and easing of a measure ("lifts the ban", "eases curbs"), not of prices
    ("lifting", r"\b(?:lift|eas|scrap)\w*\W+(?:\w+\W+){0,2}?(?:ban|curb|restriction|control|"
                r"export|limit)|\baufgehoben|\baufheb\w*|\blocker\w*|\bLockerung\w*|"
                # "beendet ihr Exportverbot", "ends its export ban"
                r"\b(?:beend\w*|end(?:s|ed|ing)?)\W+(?:\w+\W+){0,3}?(?:ban|\w*[Vv]erbot\w*|"
                r"\w*stopp\b|Beschränkung\w*|suspension)"),
    ("suspension", r"suspen\w*|Aussetzung\w*|ausgesetzt|\baussetz\w*|\bsetzt\w*\W+(?:\w+\W+)"
                   r"{0,8}?aus(?=\s*[.,;:]|\s*$)|\bpause[sd]?\b|\bpausing"),
    ("extension", r"\bextend\w*|\bextension\w*|verlänger\w*"),
    ("expansion", r"\bexpand\w*|\bexpansion\w*|ausgeweitet|\bausweit\w*|\berweiter\w*|"
                  r"\bbroaden\w*"),
    ("quota", r"\bquota|[Qq]uoten?\b|Kontingent|\bcaps?\b|\bcapped|"
              r"\bdeckel\w*|gedeckelt|Obergrenze\w*|\bmaximal\b|\bhöchstens\b|"
              r"\bat most\b|\bno more than\b"),
    # a tightened licence regime is a stricter control (the licensing is what is tightened)
    ("stricter control", r"verschärf\w*|\btighten\w*|\bstricter|\bstrenger"),
    ("licensing", r"licen[cs]|Lizenz|[Gg]enehmigung|\bpermits?\b|\bapproval"),
    ("ban", r"\bban(?:s|ned|ning)?\b|[Vv]erbot|\bverbiet|\buntersag|stopp\b|"
            r"\bhalt(?:s|ed|ing)?\b|\bprohibit\w*|\bfreez\w*|\bfroze\w*|ausgeschlossen"),
)
# each kind's pattern, run only where the sentence holds one of its words (a pattern's
# required words, `required_words`): one combined pattern took ~0.3 ms on a 190-character sentence
MEASURE_KINDS = tuple((name, compiled, required_words(compiled)) for name, compiled in
                      ((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in MEASURES))

MEASURE_DEFAULT = "restriction"   # restricts, curbs, controls, kürzt, beschränkt, Auflagen
# "den Export der drei Rohmaterialien": the metals of the measure named before
THOSE_METALS = re.compile(r"\b(?:(?:der|die|den|diese[rn]?|the|these|those)\s+"
                          r"(?:drei|zwei|vier|fünf|beiden|three|two|four|five)|both|beide[rn]?)"
                          r"\s+(?:\w+\s+)?"
                          r"(?:Metalle\w*|Rohstoffe\w*|Rohmaterialien|Materialien|Elemente\w*|"
                          r"metals|minerals|materials|elements)\b", re.IGNORECASE)
SHARE = _cue(r"Anteil\w*|share\w*|kontrolliert\w*|control\w*|accounts? for|accounted for|"
             r"makes? up|made up|making up|represents?|stellt\w*|macht\w*|"
             r"entfall\w*|entfäll\w*|dominier\w*|domina\w*|weltweit\w*|global\w*|world\w*|"
             r"Welt\w*|produziert\w*|produces|produced|supplies|supplied|liefert\w*|"
             r"Weltmarkt\w*|Marktanteil\w*|market|Prozent der|percent of|per cent of|% of|"
             r"% der|% des")
GROWTH = re.compile(r"(?:\bum|\bby|Wachstum\w*|growth|gestiegen|gesunken|stieg|sank|rose|"
                    r"fell|increase\w*|decrease\w*|Zuwachs|Rückgang|Plus|Minus|jump\w*|"
                    r"climb\w*|drop\w*|(?<!makes )(?<!make )(?<!made )\bup|\bdown|Rendite|"
                    r"yield|Zins\w*|rate|Anstieg|gain)[ \u00a0]+(?:(?:of|von)[ \u00a0]+)?"
                    r"(?:(?:rund|etwa|about|around|some|knapp|fast|nearly|almost|mehr als|"
                    r"more than)[ \u00a0]+)?$", re.IGNORECASE)
PAST_SPAN = re.compile(r"(?:\bseit|\bsince|\bvor|in den letzten|in the (?:past|last)|over the "
                       r"(?:past|last)|for the first time in|zum ersten Mal seit|erstmals seit|"
                       r"ago|alle)[ \u00a0]+(?:über[ \u00a0]+|mehr als[ \u00a0]+|"
                       r"more than[ \u00a0]+|the[ \u00a0]+)?$", re.IGNORECASE)
PAST_AFTER = re.compile(r"[ \u00a0]*(?:ago|zuvor|her\b)", re.IGNORECASE)
# Stage words also occur inside compounds ("Kupferraffination"), so no word boundary.
REFINING = _cue(r"raffin\w*|refin\w*|verarbeit\w*|process\w*|aufbereit\w*|verhütt\w*|"
                r"smelt\w*|schmelz\w*|kathode\w*|cathode\w*", boundary=False)
MINING = _cue(r"produktion\w*|production|produced|produces|förderung\w*|gefördert\w*|"
              r"bergbau\w*|\bmining|\bmine[ds]?\b|\boutput|abbau\w*|minenproduktion\w*|"
              r"mine production", boundary=False)
# Figures that are not one company's plan: studies, forecasts, averages, costs in general.
GENERAL = _cue(r"Studie\w*|study|studies|schätz\w*|estimat\w*|rechne\w*|erwart\w*|"
               r"weltweit\w*|worldwide|global\w*|industry|Branche\w*|"
               r"expects?|forecast\w*|prognos\w*|durchschnittlich\w*|average|typical\w*|"
               r"Kosten|costs?|analyst\w*|Analyst\w*|Beratungs\w*|consult\w*")
# A figure of what might be (with GENERAL, nobody's plan), where said in the figure's clause:
# "could help resolve investor questions ..., with capital spending to reach $330 billion"
# is a figure reported beside a hedge
HEDGED = _cue(r"müsste\w*|könnte\w*|could|would")
# Percentages that are not a country's share of a material's supply.
NOT_SHARE = _cue(r"import\w*|Import\w*|consum\w*|Verbrauch\w*|demand|Nachfrage|Bedarf|usage|"
                 r"pure|rein\w*|Reinheit|recover\w*|Ausbeute|own\w*|stake\w*|"
                 r"Beteiligung\w*|gehör\w*|hält (?:\w+ ){0,3}(?:Prozent|%|Anteil)|"
                 r"holds (?:\w+ ){0,2}(?:\d|stake|share)|"
                 r"grow\w*|wachs\w*|Wachstum|\w+wachstum\w*|"
                 r"Effizienz|efficien\w*|Rendite|Zins\w*|Aktie\w*|shares? (?:rose|fell|jumped)")
# Money lent, granted or raised for a project: financing, not the owner's investment.
FINANCING = _cue(r"Kredit\w*|\w+kredit\w*|Darlehen\w*|loans?\b|credit (?:facilit\w*|line\w*)|"
                 r"finanzier\w*|"
                 r"debt\b|bonds?\b|Anleihe\w*|financing|financed|Finanzierung\w*|"
                 r"\w+finanzierung\w*|refinanc\w*|lenders?|Kreditgeber\w*|Banken|banks|"
                 r"IRBs?\b|revenue bonds?|grants?\b|Fördermittel\w*|Zuschuss\w*|"
                 r"Förderbank\w*|Investment Bank|prepayment\w*|Vorauszahlung\w*|"
                 r"Vorfinanzierung\w*|convertible\w*|preferred (?:shares|stock)|"
                 r"Vorzugsaktie\w*|Wandelanleihe\w*|"
                 # public funding: "fördert das Vorhaben mit 5 Mio.", "mit 5 Mio. gefördert"
                 # (not "fördert 1,3 Mio. t Kupfer": mining)
                 r"fördert\w*\W+(?:\w+\W+){0,4}?mit\b|mit\W+(?:\w+\W+){0,6}?gefördert|"
                 # "Mit knapp 104 Millionen Euro fördern Bund und Länder ...", "Der Bund
                 # unterstützt die Vorhaben mit 103,6 Millionen Euro"
                 r"mit\W+(?:\w+\W+){0,6}?fördern\b|unterstütz\w*\W+(?:\w+\W+){0,6}?mit\b|"
                 r"Wirtschaftsförderung\w*|Förderprogramm\w*|Fördergeld\w*|Förderzusage\w*|"
                 # money secured or raised: "it secured $1.9 billion for the campus"
                 # (not "raised its guidance", "raised to $80 billion", "to secure a site")
                 r"(?:secur|rais)(?:e|es|ed|ing)\b(?!\s+(?:its|their|his|her|our|the|a|an|to|"
                 r"prices?|rates?|guidance|forecasts?|outlook|concerns?|questions?|doubts?|"
                 r"land|sites?|power|permits?|approvals?|rights|customers?|supply|supplies)\b)|"
                 # equity put into a company that builds (not an AI developer: AI_EQUITY)
                 r"equity (?:investment|funding|financing)s?|credit\b|term loans?|"
                 r"debentures?|Schuldverschreibung\w*|sukuk|"
                 r"(?:debt|funding) facilit\w*")
# A sum that is needed, not committed: "an Investitionen erforderlich", "would be required"
# A figure put on someone's estimate: "Nach aktuellen Berechnungen des Bitkom werden die
# Betreiber ... investieren", "according to estimates by ..." (a projection, not a commitment)
ESTIMATE_OF = _cue(r"(?:nach|laut|gemäß) (?:aktuellen |neuen |jüngsten |ersten |eigenen )?"
                   r"(?:Berechnungen|Schätzungen|Prognosen|Hochrechnungen)|"
                   r"according to (?:\w+ ){0,3}(?:estimates|calculations|projections|"
                   r"forecasts)")
NEEDED = _cue(r"erforderlich\w*|nötig\w*|notwendig\w*|benötigt\w*|Investitionsbedarf\w*|"
              r"needed|required|necessary|will need|would need")
# Money put into an AI developer (equity, a stake, a funding round) is not data-centre capex.
AI_EQUITY = _cue(r"(?:in|into) (?:the )?(?:AI[ -]|KI-)?(?:start-?ups? |company |firm |"
                 r"Unternehmen |Start-?up )?(?:OpenAI|Anthropic|Mistral|xAI|Perplexity|"
                 r"Cohere|Aleph Alpha|DeepSeek|Inflection)\b|minority stake\w*|"
                 r"Minderheitsbeteiligung\w*|stake in|Beteiligung an|funding round\w*|"
                 r"Finanzierungsrunde\w*|round of funding|Series [A-F]\b")
# A projection, not a reported figure: demand, deficits, what someone expects.
FORECAST = _cue(r"forecast\w*|prognos\w*|Prognose\w*|expects?\b|expected|projected|"
                r"anticipat\w*|gerechnet|rechne[nt]? mit|\w*nachfrage\w*|\w*bedarf\w*|"
                r"projection\w*|predict\w*|erwart\w*|rechnet mit|outlook|Ausblick|"
                r"will (?:reach|rise|grow|climb|increase|see|fall|decline|exceed)|"
                r"wird (?:auf|bis)|deficit\w*|Defizit\w*|shortfall|Lücke|surplus\w*|Überschuss\w*|"
                r"demand\b|Nachfrage|Bedarf\w*|by 20[3-5]\d|bis 20[3-5]\d|"
                r"in den (?:kommenden|nächsten)|in the (?:coming|next)|over the (?:coming|next)|"
                r"im Laufe des (?:kommenden|nächsten)|dürfte\w*|voraussichtlich|"
                r"prognostiziert\w*")
# Tonnes that are not a producer's output: sales, trade, consumption, a difference.
NOT_OUTPUT = _cue(r"sales volume\w*|sold\b|Absatz\w*|verkauft\w*|export(?:s|ed|ing)?\b|"
                  r"deposit\w*|reserves?\b|resources?\b|Vorkommen|Reserven|Lagerstätte\w*|"
                  r"import(?:s|ed|ing)?\b|Exporte?\b|exportiert\w*|Importe?\b|importiert\w*|"
                  r"consum\w*|Verbrauch\w*|verbraucht|inventor\w*|stockpiles?\b|"
                  r"Lagerbest\w*|Bestände\w*|warehouse\w*")
# Verbs of use, just before a tonnage ("a data centre uses 5,000 tonnes"): consumption.
USES = _cue(r"uses|used|needs|requires|benötig\w*|braucht|brauchen")
# Words of output only (no rates: "purchase an annual 20,000 tonnes" is still a deal).
OUTPUT_WORDS = _cue(r"produc\w*|output\w*|Produktion\w*|\w+produktion\w*|Förderung\w*|"
                    r"Ausstoß\w*|produzier\w*|gefördert\w*")
DIFFERENCE_AFTER = re.compile(r"[ \u00a0]*(?:\w+[ \u00a0]+)?(?:higher|lower|more|less|above|"
                              r"below|mehr|weniger)[ \u00a0]+(?:than|als)\b", re.IGNORECASE)
# A producer's own plan is production, not a forecast: its mine, plant or project is named.
ASSET = _cue(r"mines?\b|Mine\b|\w+mine\b|project\b|Projekt\w*|\w+projekt\w*|plant\b|Werk\b|"
             r"\w+werk\b|Anlage\b|smelter\w*|Hütte\b|refinery|Raffinerie\w*|operations?\b|"
             r"heap leach\w*")
# The world's (or a region's) total: nobody's own plan, so a projection of it is a forecast.
WORLD = _cue(r"world\w*|global\w*|weltweit\w*|Welt\w*")
# "up from 22.9 million tonnes": the figure a projection starts from, not the projection.
BASELINE = re.compile(r"(?:up|down|rising|falling|increas\w*|decreas\w*)[ \u00a0]+from[ \u00a0]+"
                      r"$|compared (?:with|to)[ \u00a0]+$|gegenüber[ \u00a0]+$|"
                      r"nach zuvor[ \u00a0]+$", re.IGNORECASE)

# A market's balance: its surplus or deficit, never anyone's output.
BALANCE = _cue(r"deficit\w*|Defizit\w*|shortfall|surplus\w*|Überschuss\w*|Angebotslücke\w*|"
               r"Versorgungslücke\w*")
# "from the previously expected surplus of 209,000 tons": a projection since replaced
SUPERSEDED_BEFORE = re.compile(
    r"\b(?:previously|earlier|originally|prior|zuvor|bisher|ursprünglich|previous|"
    r"vorherige[nm]?|frühere[nm]?)[ \u00a0]+(?:expected|forecast|projected|estimated|"
    r"anticipated|projection|estimate|erwartete[nm]?|prognostizierte[nm]?|geschätzte[nm]?|"
    r"Prognose|Schätzung)\b[^.;]{0,25}$", re.IGNORECASE)

# Words that make a sum a data-centre matter (narrower than DATA_CENTRE, which also takes
# "project" and "site"): without them a sum for a named metal is that metal's project.
DC_WORDS = _cue(_DC_NOUNS +
                r"hyperscal\w*|Gigafabrik\w*|AI factor\w*|KI-Fabrik\w*|cloud\w*")
# A government buying metal for its stockpile: an offtake with a sum, not an investment.
STOCKPILE = _cue(r"stockpil\w*|Lagerbest\w*|Vorr[aä]t\w*|strategic reserve\w*|"
                 r"strategische[n]? Reserve\w*|Defense Logistics Agency|DLA\b")
# Words of a deal (an offtake needs one when the sentence also speaks of production).
DEAL = _cue(r"Abnahme\w*|Liefervertrag\w*|Liefervereinbarung\w*|Vereinbarung\w*|Vertrag\w*|"
            r"Deal\w*|offtake\w*|off-take\w*|agreement\w*|contract\w*|Kauf\w*|kauft\w*|"
            r"purchas\w*|buy\w*|bought|Abnehmer\w*|customer\w*|Kunde\w*|beziehen|bezieht|"
            r"(?:agreed|committed|agrees|commits|contracted) to sell")
# Demand, need, deficits: a projection of use, never a producer's output.
DEMAND = _cue(r"demand\b|\w*nachfrage\w*|\w*bedarf\w*|deficit\w*|Defizit\w*|shortfall\w*|"
              r"consum\w*|Verbrauch\w*|\w*lücke\w*|"
              r"use of (?:the )?(?:\w+ )?metal")
# "a modest 2% improve in output": a change, not a share.
GROWTH_AFTER = re.compile(r"[ \u00a0]*(?:\w+[ \u00a0]+)?(?:improve\w*|increase\w*|rise|rises|"
                          r"growth|decline\w*|drop\w*|gain\w*|Anstieg|Zuwachs|Rückgang|"
                          r"Wachstum|Plus|Minus|mehr|weniger|higher|lower)\b", re.IGNORECASE)
# "Of the €109 billion, 50 billion ...": a sum named again to be split, not a new one.
PARTITIVE = re.compile(r"(?:\b(?:of|from) the|\bVon den|\bvon den|\bDavon)[ \u00a0]+$",
                       re.IGNORECASE)
# A country named as where a fund or company comes from ("Canadian fund Brookfield", "the
# United Arab Emirates investment fund"), not where the money goes.
ORIGIN = re.compile(r"[\w-]*[ \u00a0]+(?:(?!(?:to|for|from|in|an|für|nach|bei)\b)\w+[ \u00a0]+)?"
                    r"(?:fund|funds|investment fund|"
                    r"sovereign|investor\w*|company|companies|firms?|groups?|bank|Fonds|"
                    r"Staatsfonds|Investor\w*|Konzern|Unternehmen|Gruppe|Bank|manufacturers?|"
                    r"traders?|automakers?|carmakers?|makers?|buyers?|Hersteller\w*|Händler\w*|"
                    r"Autobauer\w*|Käufer\w*|Produzent\w*|producers?|giants?|Riese\w*|"
                    r"contractors?|suppliers?|smelters?|refiners?)\b|-based\b",
                    re.IGNORECASE)
# Money spent on chips or added to GDP, named just after the sum: no data-centre capex
# ("$40 billion on Nvidia's latest chips", "17,2 Milliarden Euro zum Bruttoinlandsprodukt").
NOT_CAPEX_AFTER = _cue(r"chips?\b|GPUs?\b|superchips?|Grafikprozessor\w*|Prozessor\w*|"
                       r"processors?|accelerators?|Bruttoinlandsprodukt\w*|BIP\b|GDP\b|"
                       r"gross domestic product|Wertschöpfung\w*|economic output")
# "a decrease of 1,595 tonnes": a change between two figures, not one.
DIFFERENCE_BEFORE = re.compile(r"(?:decrease|increase|drop|rise|fall|gain|decline|Rückgang|"
                               r"Anstieg|Zuwachs|Plus|Minus)[ \u00a0]+(?:of|by|um|von)"
                               r"[ \u00a0]+$", re.IGNORECASE)
# A buyer's interest in tonnages: the tonnages are no one's output nor deal.
_INTEREST = (r"expressed interest|interest in buying|Interesse an|interessiert|"
             r"non-binding interest|expressions? of interest")
BUYING_INTEREST = _cue(_INTEREST)
# A buyer's interest or talks are no agreement yet.
NO_DEAL_YET = _cue(_INTEREST + r"|in talks|Gespräche\w*")
# Money a government puts into a project is funding (financing), not the owner's capex.
GOVERNMENT = _cue(r"government\w*|Regierung\w*|federal|Bundesregierung|Bund\b|ministry|"
                  r"Ministerium\w*|state of|Freistaat|EU-Kommission|European Commission|"
                  r"Export Finance|Development Bank|Förderbank\w*")
# Lines of a page that point elsewhere (teasers, related links): no facts of the article.
TEASER = re.compile(r"\s*(?:[-•*]\s*)?(?:Trending|Read (?:more|also|next)|See also|Also read|"
                    r"Related|Recommended|Lesen Sie auch|Auch interessant|Mehr zum Thema|"
                    r"Das könnte Sie auch interessieren)\b", re.IGNORECASE)


# Characters that IGNORECASE matches to a cue's letters but str.lower() does not give them
# (tests/extract/test_cues.py checks every code point): "ı" and "İ" -> i, "ſ" -> s.
_FOLDS = str.maketrans({"\u0131": "i", "\u0130": "i", "\u017f": "s"})


def folded(text: str) -> str:
    """`text` lower-cased character for character (same length, so positions hold), as
    the cues' words are kept."""
    special = "\u0131" in text or "\u0130" in text or "\u017f" in text
    # (translate walks the text in Python-level steps: 0.8 ms per 5 KB; lower() 0.04 ms)
    lowered = (text.translate(_FOLDS) if special else text).lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower()
                          for c in text.translate(_FOLDS))
    return lowered



@functools.cache
def _word_automaton():
    """One Aho-Corasick automaton (pyahocorasick) of every cue's words -> the word."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for words in LITERALS.values():
        for word in words or ():
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def word_ends(folded_text: str) -> dict[str, list[int]]:
    """Each cue word -> where it ends in the text (the index of its last character), in
    order: found in one pass for every cue (folded_text: `folded`)."""
    ends: dict[str, list[int]] = {}
    for end, word in _word_automaton().iter(folded_text):
        found = ends.get(word)
        if found is None:
            ends[word] = [end]
        else:
            found.append(end)
    return ends


# "Die Kredite haben eine Laufzeit von vier Jahren", "the loans have a five-year term": the
# term of the loans or bonds named before (the number read by numbers.word_value)
TERM = re.compile(r"(?P<noun>Kredit\w*|Darlehen|loans?|credit facilit\w*|Anleihe\w*|bonds?|"
                  r"notes)[^\w-]+(?:\w+(?:-\w+)*[^\w-]+){0,6}?(?:Laufzeit|term|tenor|maturity)"
                  r"[^\w-]+(?:\w+(?:-\w+)*[^\w-]+){0,3}?(?<![\d.,])(?P<n>\d{1,2}|[^\W\d_]+)[ -]"
                  r"(?:Jahren?|years?)\b|"
                  r"(?P<noun2>Kredit\w*|Darlehen|loans?|Anleihe\w*|bonds?)[^\w-]+"
                  r"(?:\w+(?:-\w+)*[^\w-]+){0,6}?(?<![\d.,])(?P<n2>\d{1,2}|[^\W\d_]+)[ -]"
                  r"(?:year|jährig)\w*[ -](?:term|tenor|maturity|Laufzeit)|"
                  # "The seven-year loans", "fünfjährige Kredite"
                  r"(?<![\d.,])\b(?P<n3>\d{1,2}|[^\W\d_]+)[ -](?:year|jährig\w*)[ -]"
                  r"(?:(?:senior|term|construction|green|secured)[ -])?"
                  r"(?P<noun3>loans?|Kredit\w*|Darlehen|bonds?|notes|Anleihe\w*|debt)\b",
                  re.IGNORECASE)
# (words are \w+(-\w+)* between separators [^\w-]+: no character can be read two ways, so a
# run of dashes costs one pass, not an explosion of backtracking)
BOND_WORDS = re.compile(r"Anleihe\w*|bonds?\b|notes\b", re.IGNORECASE)
LOAN_WORDS = re.compile(r"Kredit\w*|Darlehen|loans?\b|credit facilit", re.IGNORECASE)

# "die Jahresproduktion des Metalls", "output of the metal": the metal named before
THE_METAL = re.compile(r"\b(?:des|das|dem|the|this|dieses)\s+(?:Metalls?|metal|Rohstoffs?)\b",
                       re.IGNORECASE)

# An article about money for AI developers or start-ups (rounds, stakes): its sums are equity
# unless a sentence speaks of data centres, and what a company "received" is a round.
AI_FUNDING = _cue(r"Start-?ups?\w*|Risikokapital\w*|Wagniskapital\w*|venture capital|"
                  r"Finanzierungsrunde\w*|funding rounds?|Geldgeber\w*|Kapitalgeber\w*|"
                  r"VCs?\b|Bewertung\w*|valuation\w*|"
                  r"(?:Investoren|investors)\W+(?:\w+\W+){0,12}?(?:in|into) (?:\w+ ){0,2}?"
                  r"(?:Entwickler|developers?|Firmen|companies|labs?)\b")
AI_WORDS = _cue(r"KI|AI|Künstliche[nr]? Intelligenz|artificial intelligence|OpenAI|Anthropic|"
                r"Mistral|xAI|Perplexity|Cohere|Aleph Alpha|DeepSeek|Inflection")
RECEIVED = _cue(r"erhielt|erhält|erhalten|sammelte\w*|sammelt|eingesammelt|einsammeln|"
                r"sicherte sich|bekam|raised|raises|raising|received|receives|secured funding|"
                r"closed a round")
# "over the next decade", "im Laufe des nächsten Jahrzehnts": a period of ten years
NEXT_DECADE = re.compile(r"\b(?:(?:des|im|dem)\s+(?:nächsten|kommenden)\s+Jahrzehnts?|"
                         r"(?:the|over the|in the)\s+(?:next|coming)\s+decade|"
                         r"(?<=invest)\w*\s+(?:\S+\s+){1,4}?over\s+a\s+decade)\b",
                         re.IGNORECASE)

# Factories for equipment (transformers, switchgear, turbines, cables, chips): the
# conventions' "not investment" unless data centres are what the money builds.
EQUIPMENT = _cue(r"transformers?\b|Transformator\w*|Trafo\w*|switchgear|Schaltanlage\w*|"
                 r"turbines?\b|Turbine\w*|cables?\b|Kabel\w*|grid equipment|"
                 r"electrical equipment|semiconductor\w*|Halbleiter\w*|chip factor\w*|"
                 r"Chipfabrik\w*|Chipwerk\w*|foundr\w*")

# An example or an average, no one build ("the average hyperscale data center is between 150
# and 300 MW"), and a hypothetical ("Say you want a 200 MW data center")
_EXAMPLE_WORDS = (r"typical\w*|typisch\w*|such an?\b|a single|ein einzelnes|average|"
                  r"durchschnittlich\w*")
_HYPOTHETICAL_WORDS = r"say you|suppose|imagine|hypothetical\w*|angenommen"
EXAMPLE = _cue(_EXAMPLE_WORDS)
HYPOTHETICAL = _cue(_HYPOTHETICAL_WORDS)
# Power drawn by what is no data centre, or by one that is only an example.
OTHER_LOADS = _cue(_EXAMPLE_WORDS + "|" + _HYPOTHETICAL_WORDS + r"|bitcoin|crypto\w*|Krypto\w*|"
                   r"fabs?\b|Chipfabrik\w*|semiconductor\w*|Halbleiter\w*")
# "its offtake target of 3,552 t/yr", "Ziel von": a goal, no deal's or producer's tonnage
TARGET_BEFORE = re.compile(r"(?:target|goal|aim|Ziel)\w*[ \u00a0]+(?:of|von)[ \u00a0]+$",
                           re.IGNORECASE)
