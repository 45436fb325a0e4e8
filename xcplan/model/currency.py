"""ISO 4217: the currency codes in use and their minor units (format, section 3.1 `currency`).

The table is ISO 4217 list one as published on 2026-01-01: every active alphabetic code, with the
number of decimal places of its minor unit (`None` where ISO says "N.A.": precious metals,
bond-market units, the SDR, the ADB unit of account, the Sucre, the test code `XTS` and `XXX`).
The estimate (section 11) rounds money to the minor unit when it shows it; codes without one
are shown with two places, like amounts without a currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

ISO_4217_PUBLISHED: Final = "2026-01-01"
"""The date of the ISO 4217 list the table follows."""

DEFAULT_MINOR_UNIT: Final = 2
"""Decimal places shown for a currency without a minor unit, or for amounts without a currency."""

_CODES: Final[dict[int | None, str]] = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: (
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN "
        "BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD "
        "FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW "
        "KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR "
        "MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG "
        "SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD "
        "USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG"
    ),
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
    None: "XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX",
}

MINOR_UNITS: Final[Mapping[str, int | None]] = MappingProxyType(
    {code: places for places, codes in _CODES.items() for code in sorted(codes.split())}
)
"""Every active ISO 4217 code -> decimal places of its minor unit (None: not applicable)."""

CURRENCY_CODES: Final = frozenset(MINOR_UNITS)
"""The active ISO 4217 alphabetic codes."""

REPLACED: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ANG": "XCG",  # Netherlands Antillean guilder, 2025
        "BGN": "EUR",  # Bulgaria joined the euro, 2026
        "BYR": "BYN",
        "CUC": "CUP",
        "HRK": "EUR",  # Croatia joined the euro, 2023
        "LTL": "EUR",
        "LVL": "EUR",
        "MRO": "MRU",
        "SLL": "SLE",
        "STD": "STN",
        "VEF": "VES",
        "ZWL": "ZWG",
    }
)
"""Codes withdrawn in recent years -> the code that replaced them (for the message of XC104)."""


def minor_unit(currency: str | None) -> int:
    """Return the decimal places money in ``currency`` is shown with (2 when unknown or None)."""
    if currency is None:
        return DEFAULT_MINOR_UNIT
    places = MINOR_UNITS.get(currency)
    return DEFAULT_MINOR_UNIT if places is None else places
