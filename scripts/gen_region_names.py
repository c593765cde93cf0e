#!/usr/bin/env python3
"""Generate content/directory/regions.tsv: slug -> ISO 3166-1 alpha-2 code, CLDR names, zones.

Input: the region list of the support-contacts reference (the dropdown include), passed as
argv[1]. Names come from CLDR through Babel (Unicode License), never typed by hand. Slugs
whose display name does not match a CLDR territory name are resolved by ALIASES below (codes
only). IANA zones per code come from tzdata's zone.tab (public domain), main zone first
(MAIN_ZONE picks it for multi-zone countries where zone.tab's first entry is not the most
populous), followed by tzdata's backward-compatible aliases (Asia/Calcutta...), since browsers
may report either. Re-run after the reference changes; the output is committed.
"""
import re
import sys
import unicodedata

from babel import Locale

ALIASES = {  # source slug -> ISO code, where the source name differs from CLDR's
    "bahrain": "BH", "bonaire": "BQ", "saba": "BQ", "sint-eustatius": "BQ",
    "british-virgin-islands": "VG", "virgin-islands": "VI", "brunei": "BN",
    "cape-verde": "CV", "congo": "CG", "congo-drc": "CD", "cote-divoire": "CI",
    "czech-republic": "CZ", "falkland-islands": "FK", "hong-kong-sar": "HK", "macao-sar": "MO",
    "korea": "KR", "kosovo": "XK", "macedonia": "MK", "micronesia": "FM", "myanmar": "MM",
    "palestinian-authority": "PS", "pitcairn-islands": "PN", "russia": "RU",
    "saint-barthelemy": "BL", "saint-martin": "MF", "st-helena": "SH", "st-kitts-nevis": "KN",
    "sao-tome-and-principe": "ST", "swaziland": "SZ", "timor-leste": "TL", "turkey": "TR",
    "vatican-city": "VA", "ascension": "AC", "tristan-da-cunha": "TA", "curacao": "CW",
    "reunion": "RE", "aland-islands": "AX", "us-virgin-islands": "VI", "svalbard": "SJ",
    "heard-island-and-mcdonald-islands": "HM", "taiwan": "TW", "laos": "LA", "moldova": "MD",
    "bolivia": "BO", "venezuela": "VE", "vietnam": "VN", "syria": "SY", "iran": "IR",
    "tanzania": "TZ", "north-korea": "KP", "libya": "LY", "gambia": "GM", "bahamas": "BS",
    "united-states": "US", "united-kingdom": "GB", "cocos-keeling-islands": "CC",
    "south-georgia-and-south-sandwich-islands": "GS", "wallis-and-futuna": "WF",
    "us-minor-outlying-islands": "UM", "jan-mayen": "SJ", "macau-sar": "MO", "saint-lucia": "LC", "united-arab-emirates": "AE", "macau": "MO", "hong-kong": "HK",
    "bosnia-and-herzegovina": "BA", "antigua-and-barbuda": "AG", "trinidad-and-tobago": "TT",
    "saint-vincent-and-the-grenadines": "VC", "saint-pierre-and-miquelon": "PM",
    "turks-and-caicos-islands": "TC", "heard-and-mcdonald-islands": "HM",
}


MAIN_ZONE = {
    "AU": "Australia/Sydney", "BR": "America/Sao_Paulo", "CA": "America/Toronto",
    "RU": "Europe/Moscow", "UA": "Europe/Kyiv", "UZ": "Asia/Tashkent", "FM": "Pacific/Pohnpei",
}
EXTRA_ZONES = {"XK": ["Europe/Belgrade"], "AC": ["Atlantic/St_Helena"], "TA": ["Atlantic/St_Helena"]}


def zones_by_code(tzdir="/usr/share/zoneinfo"):
    zones = {}
    for line in open(f"{tzdir}/zone.tab", encoding="utf-8"):
        if not line.startswith("#"):
            code, _, zone = line.rstrip("\n").split("\t")[:3]
            zones.setdefault(code, []).append(zone)
    aliases = {}
    for line in open(f"{tzdir}/tzdata.zi", encoding="utf-8"):
        if line.startswith("L "):
            _, target, alias = line.split()
            aliases.setdefault(target, []).append(alias)
    listed = {z for zs in zones.values() for z in zs}
    out = {}
    for code, zs in list(zones.items()) + list(EXTRA_ZONES.items()):
        main = MAIN_ZONE.get(code, zs[0])
        ordered = [main] + [z for z in zs if z != main]
        ordered += [a for z in ordered for a in sorted(aliases.get(z, [])) if a not in listed and a not in ordered]
        out[code] = ordered
    return out


def norm(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\(.*?\)", "", s).replace("&", "and")
    return re.sub(r"[^a-z]+", " ", s).strip()


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    entries = re.findall(r"\[([^\]]+)\]\(\.\./support/([a-z0-9-]+)\.md\)", text)
    en, fr, de = Locale("en"), Locale("fr"), Locale("de")
    by_name = {}
    for code, name in en.territories.items():
        if re.fullmatch(r"[A-Z]{2}", code):
            by_name.setdefault(norm(name), code)
    tz = zones_by_code()
    rows, missing = [], []
    for name, slug in entries:
        code = ALIASES.get(slug) or by_name.get(norm(name))
        if not code:
            missing.append((slug, name))
            continue
        names = [loc.territories.get(code, name) for loc in (en, fr, de)]
        rows.append((slug, code, *names, " ".join(tz.get(code, []))))
    if missing:
        sys.exit("no ISO code for: " + ", ".join(f"{s} ({n})" for s, n in missing))
    print("# slug\tcode\ten\tfr\tde\tzones  (names: Unicode CLDR via Babel, Unicode License)")
    for r in sorted(rows):
        print("\t".join(r))


if __name__ == "__main__":
    main()
