"""Derive intensities.csv and facility_totals.csv from the stated inputs below.

Run `python scripts/derive_intensities.py` after changing an input; a test checks that the
packaged CSVs equal this script's output, so every DERIVED number stays reproducible.

Method (docs/data.md has the long form):
- Copper: two families of evidence. The engineering bottom-up per component (BOTTOM_UP_CU,
  +-20-25% each) sums to ~14-17 t/MW, like the 2008 German equipment inventory (~15 t/MW IT);
  the published facility totals (S&P 30-47 t/MW for AI capacity, CDA 27 t/MW average US with
  the 20-40 range around Trafigura's forecast; MW basis not stated) are 2-3x higher.
  intensities.csv carries the bottom-up rows; facility_totals.csv carries the published totals
  with the components they rescale. The model samples which family a draw follows (model/
  evidence.py), so P5-P95 spans both instead of taking the published range as the whole.
  The rack busbar (NVIDIA, 0.2 t/MW) and the IT equipment keep their bottom-up values.
- LV distribution copper depends on rack density: the floor-run half of it (row busway, RPPs,
  whips) scales with the run length, ~ the square root of the floor area per MW.
- Other materials: bottom-up per component, ASSUMED or DERIVED with the reasoning in the row.
Units: tonnes per MW of IT load.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "layer0" / "data"
AI, CLOUD, COLO, ENT = "hyperscale_ai", "hyperscale_cloud", "colocation", "enterprise"
CONVENTIONAL = (CLOUD, COLO, ENT)

# Published facility-level copper, inside the fence (low, mode, high), t/MW.
SCALED = ("transformers", "switchgear", "power_distribution", "ups_storage", "generators",
          "cooling", "building")
COPPER_TOTALS = {
    AI: ((30.0, 38.5, 47.0), "sp-global-copper-2026", "SEC",
         "S&P Global (Jan 2026, via Katusa reprint): 30-47 t/MW for AI data-centre capacity incl. "
         "wiring, cooling and power distribution; mode = midpoint. MW basis not stated: sampled "
         "between IT and facility MW"),
    **{a: ((20.0, 27.0, 40.0), "cda-copper-27", "SEC",
           "CDA: 27 t/MW US average (mode); 20-40 t/MW quoted around Trafigura's 2024 forecast "
           "(range). Microsoft Chicago 2009: 2,177 t on 60 MW critical = 36 t/MW (73 t/MW on the 30 "
           "MW of phase 1). MW basis not stated: sampled between IT and facility MW")
       for a in CONVENTIONAL},
}

# Engineering bottom-up copper per component (t/MW IT) and why. Shares of the
# infrastructure sum are what the published total is split by.
BOTTOM_UP_CU = {
    "transformers": ({AI: 1.2, "other": 1.5},
                     "ECI 1.6 MVA BOM: 0.32-0.77 t Cu/MVA; ~1.7-2.5 MVA installed per MW IT "
                     "(PUE 1.2-1.5, pf 0.95, distributed or 2N redundancy)"),
    "switchgear": ({AI: 1.0, "other": 1.0},
                   "LV main switchboards and MV gear: copper busbars rated for the 4,000 A "
                   "transformer secondaries, ~0.4 t/MVA"),
    "power_distribution": ({AI: round(5.5 * (0.5 + 0.5 * (280 / 730) ** 0.5), 2), "other": 5.5},
                           "4,000 A feeder = 24 x 600 kcmil = 68 kg Cu/m (NEC Table 8); ~26 kg/m per "
                           "MW IT and path, ~50 m per path x 2 paths, plus row busway, RPPs, rack "
                           "whips and mechanical-load feeders (5.5 t/MW at ~730 m2/MW). AI halls "
                           "use ~250-310 m2/MW (RLB): the floor-run half scales with the run "
                           "length, sqrt(280/730) = 0.62, so AI = 5.5 x (0.5 + 0.5 x 0.62)"),
    "ups_storage": ({AI: 0.8, "other": 0.9},
                    "UPS magnetics and busbars ~0.4 t per MW of UPS, 2N; battery copper foil/busbars "
                    "~0.33 kg/kWh x ~170 kWh"),
    "generators": ({AI: 0.75, "other": 0.9},
                   "Cat SR4B alternator rewind data: ~491 kg winding copper per ~1.5-2 MW frame "
                   "(~0.3 t/MW genset) x ~1.5 MW genset per MW IT (N+1), plus paralleling cables"),
    "cooling": ({AI: 2.5, "other": 2.0},
                "Chiller/dry-cooler tubes and compressor and pump motors ~1 t per MW heat; AI adds "
                "copper cold plates (~0.5 kg x ~800 per MW) and CDUs"),
    "building": ({AI: 1.5, "other": 1.8},
                 "Grounding grid and bonding, lightning protection, lighting, small power, BMS and "
                 "fire-alarm cabling"),
}
# Kept at their bottom-up values (not scaled): rack power and IT.
FIXED_CU = {
    ("rack_power", AI): ((0.2, 0.3, 0.5), "nvidia-800vdc-2025", "DERIVED",
                         "NVIDIA 800 VDC paper: ~200 kg busbar copper per 1 MW rack at 54 V (low); "
                         "plus power shelves and whips (mode 0.3)"),
    ("rack_power", "other"): ((0.15, 0.3, 0.5), "layer0-method", "ASSUMED",
                              "Rack PDUs and power cords: ~5 kg Cu per rack x 50-100 racks/MW"),
    ("it_compute", AI): ((0.3, 0.6, 1.2), "layer0-method", "ASSUMED",
                         "GB200 NVL72: ~3.2 km of NVLink twinax (~3.5 g/m) plus board copper, "
                         "~60-100 kg per ~130 kW rack x 7.7 racks/MW; cold plates are in cooling"),
    ("it_compute", "other"): ((1.5, 2.5, 3.5), "layer0-method", "ASSUMED",
                              "Conventional servers ~1-2 kg Cu each (heat-sink bases, heat pipes, "
                              "PCB, PSU magnetics) at ~500 W: ~2,000 servers/MW"),
    ("it_network", AI): ((0.15, 0.3, 0.6), "layer0-method", "ASSUMED",
                         "Switch boards and DAC cables for the scale-out fabric; optics carry "
                         "little copper"),
    ("it_network", "other"): ((0.25, 0.5, 0.8), "layer0-method", "ASSUMED",
                              "Top-of-rack switches and copper patch/DAC cabling"),
    ("it_storage", AI): ((0.02, 0.05, 0.1), "layer0-method", "ASSUMED",
                         "Storage is a few % of AI IT power"),
    ("it_storage", "other"): ((0.1, 0.2, 0.3), "layer0-method", "ASSUMED",
                              "Storage arrays ~7% of IT power, copper in boards and enclosures"),
}
GRID_CU = ((0.3, 0.6, 1.6), 'deetman-elma-2021', 'DERIVED',
           'Dedicated HV substation + lines of a 300 MW-1 GW campus, per MW IT. HV step-down transformers: 1.51/1.97/2.95 MVA per MW IT (PUE 1.15/1.25/1.4, pf 0.95, N+1 to 2N x1.25/1.5/2) x 0.20/0.27/0.40 t Cu/MVA (CDA 150 MVA case 0.27) = 0.30/0.53/1.18. Substation bus/grounding: ELMA 4.6 t Cu per HV substation, one per 300-1000 MW = 0.005-0.015. HV underground cable: ELMA 11.65 t Cu/km x 0-0.033 circuit-km per MW = 0-0.39. Overhead lines are aluminium/steel. So ~1 t/MW needs 2N HV transformers at high Cu/MVA or several km of buried HV cable for a small campus')

# 800 VDC: "up to ~45% less copper" (premiumpsu citing NVIDIA, SEC) applied to power
# distribution; rack busbar current falls 800/54 = 14.8x.
DC800_PD_FACTOR = (0.55, 0.7, 0.9)
DC800_RACK = ((0.05, 0.1, 0.2), "nvidia-800vdc-2025", "DERIVED",
              "At 800 VDC the rack current falls 14.8x (800/54); busbar copper ~1/15 of 0.2 t plus "
              "shelves and converters: 0.05-0.2 t/MW")

# Other materials, bottom-up: (material, component, archetype or "any") -> triplet, source,
# quality, reasoning. "conv" = one row for each conventional archetype.
OTHER = [
    # aluminium
    ("aluminium", "cooling", AI, (1.5, 2.5, 4.0), "woodmac-aluminium-2026", "ASSUMED",
     "Wood Mackenzie: aluminium ~55% of cooling-system material; dry coolers with Al fins and "
     "Al manifolds; cooling plant ~5 t/MW"),
    ("aluminium", "cooling", "conv", (1.0, 2.0, 3.5), "woodmac-aluminium-2026", "ASSUMED",
     "CRAH and chiller coil fins; Wood Mackenzie: ~55% of cooling-system material is Al"),
    ("aluminium", "it_compute", AI, (0.5, 1.0, 1.5), "woodmac-aluminium-2026", "ASSUMED",
     "Wood Mackenzie: ~25% of enclosures and racking is Al; AI racks ~10.5 t/MW (1.36 t per 130 kW)"),
    ("aluminium", "it_compute", "conv", (1.0, 2.0, 3.0), "borderstep-de-2008", "DERIVED",
     "German 2008 inventory: 6.5 t Al per MW avg facility load in equipment; about a third in "
     "servers and racks (heat sinks, chassis)"),
    ("aluminium", "transformers", "any", (0.1, 0.4, 1.0), "ieee-cu-vs-al-windings-2010", "ASSUMED",
     "Aluminium windings are common in distribution transformers (Olivares-Galvan 2010); 1.66x the "
     "Cu cross-section at 30% of the density: ~0.5 t/MVA x share of Al-wound units"),
    ("aluminium", "power_distribution", "any", (0.3, 1.0, 2.0), "cutler-hammer-busway", "ASSUMED",
     "Aluminium busway (rated to 4,000 A) and Al feeders on part of the runs; cable-tray parts"),
    ("aluminium", "building", "any", (1.0, 2.0, 4.0), "layer0-method", "ASSUMED",
     "Cladding, roof sheet, ducting and raised-floor parts over ~250-730 m2/MW (RLB, NTT Ashburn)"),
    ('aluminium', "grid_connection", "any", (0.05, 0.3, 0.9), 'deetman-elma-2021', 'DERIVED',
     'ELMA: HV overhead line 12.9 t Al/km x 0.002/0.02/0.06 line-km per MW IT (e.g. 2 x 10 km double-circuit for 1 GW = 0.02) = 0.03/0.26/0.77; HV substation 33.2 t Al each, one per 300-1000 MW = 0.03-0.11'),
    ("aluminium", "it_network", "any", (0.05, 0.1, 0.2), "layer0-method", "ASSUMED",
     "Switch chassis and heat sinks"),
    # steel
    ("steel", "building", AI, (20.0, 40.0, 70.0), "ms-chicago-2009", "DERIVED",
     "Chicago 2009: 51-103 t/MW (3,400 short tons on 30/60 MW); AI halls are denser: ~250-310 m2/MW "
     "(RLB) x 60-100 kg/m2 structural steel plus rebar"),
    ("steel", "building", "conv", (30.0, 55.0, 100.0), "ms-chicago-2009", "DERIVED",
     "Chicago 2009: 3,400 short tons structural steel on 30-60 MW critical = 51-103 t/MW"),
    ("steel", "it_compute", AI, (2.0, 5.0, 8.0), "layer0-method", "ASSUMED",
     "Rack frames and tray chassis: NVL72 ~1.36 t per 130 kW rack, about half steel"),
    ("steel", "it_compute", "conv", (8.0, 15.0, 25.0), "borderstep-de-2008", "DERIVED",
     "German 2008 inventory: racks and containment 27 t and IT 33 t per MW avg load; iron 51 t/MW "
     "overall; the rack and server share taken here"),
    ("steel", "cooling", "any", (4.0, 8.0, 14.0), "ms-chicago-2009", "ASSUMED",
     "Chiller shells, pumps, CDUs and steel piping (Chicago: 7.5 miles of chilled-water pipe)"),
    ("steel", "generators", "any", (5.0, 8.0, 12.0), "kohler-kd250", "DERIVED",
     "Gensets 9-12 kg/kW at 200 kW (Kohler KD250), lighter in the MW class (~6-7 kg/kW) x ~1.5 kW "
     "genset per kW IT; ~80% iron and steel"),
    ("steel", "transformers", "any", (0.8, 1.0, 1.4), "eci-transformer-1600kva", "DERIVED",
     "ECI 1.6 MVA BOM: mechanical steel 0.45-0.55 t/MVA x ~2 MVA per MW IT"),
    ("steel", "switchgear", "any", (1.0, 2.0, 3.0), "layer0-method", "ASSUMED",
     "Switchboard and switchgear enclosures"),
    ("steel", "power_distribution", "any", (1.5, 3.0, 5.0), "layer0-method", "ASSUMED",
     "Cable trays, busway housings and supports"),
    ("steel", "ups_storage", "any", (0.5, 1.0, 2.0), "layer0-method", "ASSUMED",
     "UPS and battery cabinets and racks"),
    ('steel', "grid_connection", "any", (0.4, 1.6, 4.2), 'deetman-elma-2021', 'DERIVED',
     'ELMA: HV overhead line 52.3 t steel/km x 0.002/0.02/0.06 km/MW = 0.10/1.05/3.14; HV substation 14.7 t each = 0.015-0.05; transformer tank/frame ~30% of 0.56-1.2 t/MVA LPT mass (CDA/DOE) = 0.17-0.36 t/MVA x 1.51-2.95 MVA/MW = 0.26/0.49/1.06. Excludes electrical steel (own row)'),
    # electrical steel
    ("electrical_steel", "transformers", "any", (1.2, 1.7, 2.2), "eci-transformer-1600kva", "DERIVED",
     "ECI 1.6 MVA BOM: core steel 0.69-0.97 t/MVA x ~1.7-2.3 MVA installed per MW IT"),
    ("electrical_steel", "generators", "any", (0.4, 0.7, 1.0), "layer0-method", "ASSUMED",
     "Alternator laminations, ~0.5 t per MW genset x ~1.5 MW genset per MW IT"),
    ("electrical_steel", "cooling", "any", (0.05, 0.15, 0.3), "layer0-method", "ASSUMED",
     "Motor laminations of pumps, fans and compressors (~0.2 MW of motors per MW IT)"),
    ("electrical_steel", "ups_storage", "any", (0.05, 0.1, 0.2), "layer0-method", "ASSUMED",
     "UPS inductors and transformers"),
    ("electrical_steel", "grid_connection", "any", (0.3, 0.55, 0.9), "cda-transformer-case", "DERIVED",
     "Core ~40% of LPT mass (400 MVA unit 225 t) = ~0.22 t/MVA x ~2.5 MVA per MW IT"),
    # concrete
    ("concrete", "building", AI, (400.0, 800.0, 1600.0), "ms-chicago-2009", "DERIVED",
     "Chicago 2009: 26,000 cu yd on 30-60 MW = 330-660 m3/MW x 2.4 t/m3 = 790-1,580 t/MW; dense AI "
     "halls need less slab per MW, piled foundations more"),
    ("concrete", "building", "conv", (600.0, 1000.0, 1600.0), "ms-chicago-2009", "DERIVED",
     "Chicago 2009: 330-660 m3/MW x 2.4 t/m3 = 790-1,580 t/MW"),
    ("concrete", "generators", "any", (5.0, 15.0, 30.0), "layer0-method", "ASSUMED",
     "Genset and fuel-tank pads"),
    ("concrete", "transformers", "any", (2.0, 5.0, 10.0), "layer0-method", "ASSUMED",
     "Transformer pads and bunds"),
    ('concrete', "grid_connection", "any", (3, 9, 22), 'deetman-elma-2021', 'DERIVED',
     'ELMA: tower foundations 209 t/km x 0.002-0.06 km/MW = 0.4/4.2/12.6; transformer pad 648 t per HV transformer x (1.51/400, 1.97/300, 2.95/200 units per MW) = 2.4/4.3/9.6; substation 124 t each = 0.1-0.4'),
    # batteries: UPS ~170 kWh nominal per MW IT (5 min at full load, 2N, derated)
    ("lead", "ups_storage", AI, (0.5, 2.5, 6.0), "recobat-lead", "DERIVED",
     "Lead-acid share ~45% at hyperscale (Li-ion 55% of new installs); ~350 kWh nominal per MW "
     "for 5 min x 2N at high rate x 14-19 kg Pb/kWh (56% Pb by mass at 30-40 Wh/kg) = ~6 t if all "
     "lead-acid"),
    ("lead", "ups_storage", "conv", (1.0, 3.5, 7.0), "recobat-lead", "DERIVED",
     "Lead-acid ~60% of UPS batteries outside hyperscale (vendor claims 60-90%); ~6 t/MW if all "
     "lead-acid (see hyperscale_ai row)"),
    ("lead", "generators", "any", (0.01, 0.03, 0.06), "waste360-lead", "ASSUMED",
     "Starter batteries: ~4 x 10 kg Pb per genset (EPA 9.8 kg per car battery), ~1.5 gensets/MW"),
    ("lithium", "ups_storage", AI, (0.003, 0.012, 0.03), "tande-ev-battery", "DERIVED",
     "Li-ion share ~55% x ~170 kWh x 0.06-0.25 kg Li/kWh (LFP 0.057-0.08, NMC 0.10, Argonne "
     "range 113-246 g)"),
    ("lithium", "ups_storage", "conv", (0.002, 0.008, 0.02), "tande-ev-battery", "DERIVED",
     "Li-ion share ~40% of new installs x ~170 kWh x 0.06-0.25 kg Li/kWh"),
    ("cobalt", "ups_storage", "any", (0.0, 0.006, 0.02), "tande-ev-battery", "DERIVED",
     "NMC 0.13 kg Co/kWh, LFP none; Li-ion ~40-55% x ~170 kWh x half NMC"),
    ("nickel", "ups_storage", "any", (0.0, 0.02, 0.05), "tande-ev-battery", "DERIVED",
     "NMC 0.48 kg Ni/kWh x ~170 kWh x Li-ion share x half NMC"),
    ("nickel", "cooling", AI, (0.03, 0.08, 0.15), "layer0-method", "ASSUMED",
     "Stainless manifolds and CDU parts (~1 t/MW at 8% Ni) and nickel-plated cold plates"),
    ("nickel", "cooling", "conv", (0.01, 0.03, 0.06), "layer0-method", "ASSUMED",
     "Stainless parts of chillers and pumps"),
    ("graphite", "ups_storage", "any", (0.02, 0.07, 0.15), "tande-ev-battery", "DERIVED",
     "Anode graphite 0.87 kg/kWh x ~170 kWh x Li-ion share 40-55%"),
    # rare earths: NdFeB ~13 g per HDD (Adamas), 'Grade M' magnets 28.6% Nd+Pr, 1.4% Dy (DOE)
    ("rare_earths", "it_storage", AI, (0.002, 0.008, 0.02), "adamas-hdd-2016", "DERIVED",
     "13 g NdFeB per HDD x ~2,000 drives per MW IT (storage ~3% of AI IT power at ~10 W per drive "
     "incl. enclosure) x 30% REE"),
    ("rare_earths", "it_storage", "conv", (0.01, 0.027, 0.05), "adamas-hdd-2016", "DERIVED",
     "13 g NdFeB per HDD x ~7,000 drives per MW IT (storage ~7% of IT power at ~10 W per drive) x "
     "30% REE (28.6% Nd+Pr, 1.4% Dy)"),
    ("rare_earths", "cooling", "any", (0.0, 0.002, 0.01), "ebmpapst-ferrite", "ASSUMED",
     "EC fans use ferrite magnets (ebm-papst); a few PM compressor and pump motors use NdFeB"),
    ("neodymium", "it_storage", AI, (0.0015, 0.006, 0.015), "doe-ree-magnets-2022", "DERIVED",
     "Nd ~75% of the 28.6% Nd+Pr in HDD magnets: 0.215/0.30 of the rare_earths row"),
    ("neodymium", "it_storage", "conv", (0.0072, 0.0194, 0.0358), "doe-ree-magnets-2022", "DERIVED",
     "Nd ~75% of the 28.6% Nd+Pr in HDD magnets: 0.215/0.30 of the rare_earths row"),
    ("praseodymium", "it_storage", AI, (0.0005, 0.002, 0.005), "doe-ree-magnets-2022", "DERIVED",
     "Pr ~25% of the 28.6% Nd+Pr in HDD magnets: 0.0715/0.30 of the rare_earths row"),
    ("praseodymium", "it_storage", "conv", (0.0024, 0.0064, 0.0119), "doe-ree-magnets-2022", "DERIVED",
     "Pr ~25% of the 28.6% Nd+Pr in HDD magnets: 0.0715/0.30 of the rare_earths row"),
    ("dysprosium", "it_storage", AI, (0.0001, 0.0004, 0.0009), "doe-ree-magnets-2022", "DERIVED",
     "Dy 1.4% of HDD magnet mass: 0.014/0.30 of the rare_earths row"),
    ("dysprosium", "it_storage", "conv", (0.0005, 0.0013, 0.0023), "doe-ree-magnets-2022", "DERIVED",
     "Dy 1.4% of HDD magnet mass: 0.014/0.30 of the rare_earths row"),
    # precious and minor metals in electronics
    ("gold", "it_compute", AI, (0.0002, 0.0005, 0.001), "hagelueken-corti-2010", "DERIVED",
     "Boards ~2 t per MW IT in AI racks (~20% of 10.5 t/MW) x 200-250 g/t Au (computer boards)"),
    ("gold", "it_compute", "conv", (0.0004, 0.0007, 0.0012), "borderstep-de-2008", "DERIVED",
     "~1,400 servers per MW of IT capacity (~700 W provisioned each) x ~2 kg boards x 200-250 g/t "
     "Au = 0.6-0.7 kg; German 2008 inventory (1.6 kg Au per MW avg load, ~75% in servers, older "
     "and less dense hardware) is the high end"),
    ("gold", "it_network", "any", (0.0001, 0.0003, 0.0006), "hagelueken-corti-2010", "ASSUMED",
     "Network boards are high grade (400-500 g/t) at ~0.5-1 t per MW"),
    ("gold", "it_storage", "any", (0.00005, 0.00015, 0.0003), "hagelueken-corti-2010", "ASSUMED",
     "Drive and controller boards"),
    ("silver", "it_compute", AI, (0.0005, 0.0015, 0.003), "borderstep-de-2008", "ASSUMED",
     "Solder (SAC305 3% Ag), boards and thermal paste; German 2008: 6.6 kg Ag per MW avg load "
     "overall; AI racks carry fewer boards per MW"),
    ("silver", "it_compute", "conv", (0.0015, 0.003, 0.005), "borderstep-de-2008", "DERIVED",
     "German 2008 inventory: 6.6 kg Ag per MW avg load; ~half in servers"),
    ("silver", "switchgear", "any", (0.0005, 0.0015, 0.003), "layer0-method", "ASSUMED",
     "Silver-plated breaker contacts and busbar joints"),
    ("silver", "it_network", "any", (0.0002, 0.0005, 0.001), "layer0-method", "ASSUMED",
     "Network boards and solder"),
    ("silver", "ups_storage", "any", (0.0002, 0.0005, 0.001), "layer0-method", "ASSUMED",
     "Power electronics boards and contacts"),
    ("palladium", "it_compute", AI, (0.00005, 0.00015, 0.0003), "borderstep-de-2008", "ASSUMED",
     "MLCC electrodes and plating; German 2008: 0.7 kg Pd per MW avg load overall"),
    ("palladium", "it_compute", "conv", (0.0002, 0.0004, 0.0007), "borderstep-de-2008", "DERIVED",
     "German 2008 inventory: 0.7 kg Pd per MW avg load; ~60% in servers"),
    ("palladium", "it_network", "any", (0.00003, 0.0001, 0.0002), "borderstep-de-2008", "ASSUMED",
     "MLCCs and connector plating in switches"),
    ("tin", "it_compute", AI, (0.02, 0.05, 0.1), "layer0-method", "ASSUMED",
     "Solder: ~2.5% Sn in boards (e-waste assays 1-3%) x ~2 t boards per MW"),
    ("tin", "it_compute", "conv", (0.08, 0.17, 0.3), "layer0-method", "ASSUMED",
     "Solder: ~2.5% Sn x ~5-7 t boards per MW (German 2008: 10 t boards per MW avg load)"),
    ("tin", "it_network", "any", (0.01, 0.02, 0.04), "layer0-method", "ASSUMED", "Solder in switches"),
    ("tin", "power_distribution", "any", (0.005, 0.02, 0.05), "layer0-method", "ASSUMED",
     "Tin-plated busbars, lugs and tinned conductors"),
    ("tantalum", "it_compute", AI, (0.0002, 0.0005, 0.0012), "layer0-method", "ASSUMED",
     "Polymer tantalum capacitors in GPU and CPU voltage regulators; ~200 g Ta per t of boards"),
    ("tantalum", "it_compute", "conv", (0.0005, 0.0012, 0.0025), "layer0-method", "ASSUMED",
     "~200 g Ta per t of server boards x ~5-7 t boards per MW"),
    ("gallium", "it_network", "any", (0.000001, 0.000005, 0.00005), "layer0-method", "ASSUMED",
     "Embedded content only: GaAs VCSELs and substrates in optical transceivers; micrograms to "
     "milligrams per device. The IEA's 11% share of gallium demand counts manufacturing losses; "
     "this row does not"),
    ("gallium", "rack_power", AI, (0.0, 0.000002, 0.00002), "layer0-method", "ASSUMED",
     "GaN power stages in rack power shelves: micrometre epilayers, grams per MW at most"),
    ("germanium", "it_network", "any", (0.0000005, 0.000003, 0.00003), "layer0-method", "ASSUMED",
     "Ge photodetectors and SiGe in optics, GeO2-doped fibre cores: grams per MW at most"),
    ("indium", "it_compute", AI, (0.000005, 0.00002, 0.0001), "layer0-method", "ASSUMED",
     "Indium thermal-interface foils and solders in accelerator packages: tens of mg per package x "
     "~800 packages per MW"),
    ("indium", "it_network", "any", (0.000001, 0.000005, 0.00003), "layer0-method", "ASSUMED",
     "InP lasers in optical transceivers"),
    ("silicon", "it_compute", AI, (0.01, 0.02, 0.04), "iea-energy-ai-2025", "DERIVED",
     "Wafer silicon: ~150 cm2 per GPU (die, CoWoS interposer 25-44 cm2, HBM stacks) x 0.18 g/cm2 x "
     "~800 GPUs per MW"),
    ("silicon", "it_compute", "conv", (0.005, 0.01, 0.02), "layer0-method", "ASSUMED",
     "Wafer silicon in CPUs, memory and drives"),
    ("silicon", "cooling", "any", (0.03, 0.1, 0.2), "layer0-method", "ASSUMED",
     "Silicon as alloying element in cast and wrought aluminium (0.5-10%) of coils and housings"),
    ("silicon", "transformers", "any", (0.03, 0.05, 0.07), "eci-transformer-1600kva", "DERIVED",
     "Grain-oriented steel carries ~3% Si: 3% of the electrical_steel row"),
    ("antimony", "it_compute", "any", (0.002, 0.01, 0.03), "layer0-method", "ASSUMED",
     "Antimony trioxide flame-retardant synergist in boards and plastics (~0.1-0.4% of board mass)"),
]


# The campus beyond the fence (per MW of generation, or per MWh of battery): helper research of
# Dec 2026 (ELMA model data, IEA critical minerals, T&E pack data; notes say which).
CAMPUS = [
    ('copper', 'onsite_gas', "any", (0.4, 1.1, 1.8), 'iea-critical-minerals-2021', 'SEC',
     'IEA 2021: natural-gas plant 1,100 kg Cu/MW (mode; Argendata transcription). ELMA data: simple-cycle gas 0.378 t/MW (low), NGCC 1.05 t/MW. High adds a generator step-up transformer and MV collector for a behind-the-meter plant: ~0.27 t Cu/MVA (CDA 150 MVA case) x ~1.2 MVA/MW = 0.3 t plus cabling. Per MW of generator capacity, not IT'),
    ('steel', 'onsite_gas', "any", (4.0, 12.0, 30.0), 'deetman-elma-2021', 'ASSUMED',
     'ELMA data: simple-cycle gas 4.04 t/MW (low), NGCC 28.97 t/MW incl. HRSG and steam turbine (high). Mode 12 is a judgement for the behind-the-meter mix of aeroderivative/industrial simple-cycle packages and recip gensets (recips are heavier per MW than turbines; no sourced genset mass found). Enclosures, skids, stacks, fuel-gas piping, switchyard structures'),
    ('aluminium', 'onsite_gas', "any", (0.35, 0.5, 0.7), 'deetman-elma-2021', 'DERIVED',
     'ELMA data: simple-cycle gas 0.376 t/MW, NGCC 0.652 t/MW; mode = rounded midpoint (0.51)'),
    ('nickel', 'onsite_gas', "any", (0.01, 0.016, 0.05), 'iea-critical-minerals-2021', 'SEC',
     'IEA 2021: natural gas 15.75 kg Ni/MW (superalloy hot section, stainless). High ASSUMED for aeroderivative turbines (more superalloy per MW) and stainless piping; chromium (IEA 48 kg/MW) is not a layer0 material'),
    ('cobalt', 'onsite_gas', "any", (0.0018, 0.006, 0.02), 'deetman-elma-2021', 'DERIVED',
     'IEA 2021 natural gas 1.8 kg Co/MW (low, iea-critical-minerals-2021); ELMA data 19.1 kg Co/MW for all gas types (high, superalloys); mode ~ geometric mean 5.9 kg'),
    ('concrete', 'onsite_gas', "any", (30.0, 45.0, 70.0), 'deetman-elma-2021', 'DERIVED',
     'ELMA data: simple-cycle gas 43.0 t/MW, NGCC 64.6 t/MW (pads, stacks, buildings); range widened'),
    ('electrical_steel', 'onsite_gas', "any", (0.3, 0.5, 0.9), 'cda-transformer-case', 'ASSUMED',
     'Generator stator/rotor laminations (~0.2-0.4 t/MW) plus step-up transformer core (~0.22 t/MVA from the 150-400 MVA CDA/DOE cases x ~1.1-1.2 MVA/MW)'),
    ('nickel', 'onsite_fuel_cell', "any", (0.05, 0.2, 0.8), 'wiki-bloom-server', 'ASSUMED',
     'SOFC (Bloom type). Cells: 25 W per 100x100 mm cell (company figure, ~2010) = 40,000 cells/MW, or ~20,000 if power per cell doubled (Bloom 2015: 500 kW in the former 250 kW footprint) x ~0.5-1.5 g Ni in the Ni-cermet anode = 0.01-0.06 t/MW. Most Ni is assumed in austenitic stainless / Ni-alloy hot-box parts (reformer, heat exchangers, manifolds): 1-4 t/MW at 8-20% Ni. No public BOM found; PEM would carry Pt (not a layer0 material) instead'),
    ('steel', 'onsite_fuel_cell', "any", (10.0, 25.0, 50.0), 'delawareonline-bloom-2015', 'ASSUMED',
     'Enclosures, hot boxes, frames and interconnects (Bloom interconnects are Cr-Fe alloy: chromium not a layer0 material). No published system mass found; judged from container-class modules of ~250-500 kW (power density doubled in 2015, delawareonline)'),
    ('copper', 'onsite_fuel_cell', "any", (0.3, 0.6, 1.2), 'eci-transformer-1600kva', 'ASSUMED',
     'DC/AC inverters (~1 MVA per MW), LV/MV transformers (ECI 1.6 MVA BOM 0.32-0.77 t Cu/MVA) and interconnection cabling; stack current collectors minor'),
    ('rare_earths', 'onsite_fuel_cell', "any", (0.015, 0.04, 0.09), 'wiki-bloom-server', 'ASSUMED',
     'Per cell: electrolyte 100-200 um x 100 cm2 x 5.9 g/cm3 = 6-12 g of Y- or Sc-stabilised zirconia (Y ~11 wt% in 8YSZ, Sc ~7 wt% in ScSZ; Sc and Y counted as rare earths) = 0.4-1.3 g; cathode LSM 20-40 um, 35% porous = 0.85-1.7 g at ~49% La = 0.4-0.8 g. ~0.8-2.1 g REE x 20,000-40,000 cells/MW. Ceria barrier layers excluded'),
]
# Campus batteries are blended by chemistry: LFP ~80% of new stationary storage in 2023 (IEA)
# and "the vast majority" of grid-scale projects in 2025 (Benchmark/Rho Motion): LFP_SHARE
# ASSUMED 0.9. (material, LFP triplet, NMC triplet, source, notes), t/MWh.
LFP_SHARE = 0.9
BATTERY = [
    ('lithium', (0.08, 0.1, 0.13), (0.09, 0.11, 0.14), 'tahil-lithium-2010',
     'LFP: Stoichiometry: LiFePO4 160 mAh/g x 3.2 V = 0.512 Wh/g -> 1.95 kg cathode/kWh x 4.40% Li = 0.086 kg/kWh; Dundee theoretical minimum 80 g/kWh (low); mode +15% for electrolyte salt, first-cycle loss and oversizing; high within the Argonne 113-246 g/kWh span | NMC: T&E 6 kg / 60 kWh = 0.10 kg/kWh; stoichiometry NMC811 200 mAh/g x 3.7 V -> 1.35 kg CAM/kWh x 7.13% Li = 0.096; NMC622 175 mAh/g -> 1.54 kg x 7.16% = 0.11; plus electrolyte/first-cycle loss'),
    ('graphite', (0.85, 1.0, 1.2), (0.75, 0.87, 1.0), 'tande-ev-battery',
     'LFP: T&E NMC pack 52 kg / 60 kWh = 0.87 kg/kWh; LFP needs ~14% more Ah per kWh (3.65/3.2 V) -> 0.99 kg/kWh | NMC: T&E NMC pack: 52 kg graphite / 60 kWh = 0.87 kg/kWh'),
    ('copper', (0.3, 0.55, 0.9), (0.4, 0.6, 1.0), 'deetman-elma-2021',
     'LFP: Cells/modules: ELMA LFP 5% Cu x 8.35 kg/kWh (2018) = 0.42, x 4.72 kg/kWh (2030) = 0.24 kg/kWh. Plus PCS/inverter magnetics, MV transformer and AC collection ASSUMED 0.3-1.0 t Cu per MW / 2-4 h = 0.08-0.5 t/MWh; KEMA/CDA: storage installations 0 to >4 t Cu/MW | NMC: ELMA NMC 10.0% Cu x 5.41 / 3.53 kg/kWh = 0.54 / 0.35 kg/kWh; T&E 0.33 kg/kWh; plus PCS/transformer/AC cabling 0.08-0.5 t/MWh (see lfp row)'),
    ('aluminium', (0.2, 0.4, 0.7), (0.2, 0.45, 0.7), 'deetman-elma-2021',
     'LFP: ELMA LFP 5% Al x 8.35 / 4.72 kg/kWh = 0.42 / 0.24 kg/kWh (cathode foil, prismatic cans); high allows Al enclosure and busbar parts | NMC: T&E pack 35 kg / 60 kWh = 0.58 kg/kWh (EV pack casing included); ELMA NMC 3.7% x 5.41 = 0.20 kg/kWh'),
    ('steel', (1.5, 2.5, 3.5), (1.2, 2.0, 3.0), 'torquenews-megapack-xl-2022',
     'LFP: ELMA LFP 14.1% steel x 8.35 / 4.72 kg/kWh = 1.18 / 0.67 kg/kWh (modules, racks). Megapack XL: mass +64% = +33,000 lb -> ~84,600 lb = 38.4 t for 3.9 MWh = 9.8 t/MWh in total; cells at 160-180 Wh/kg ~5.6-6.3 t/MWh leaves 3.5-4.2 t/MWh for enclosure, thermal system, PCS and structure, assumed 50-70% steel | NMC: ELMA NMC 21.5% steel x 5.41 / 3.53 kg/kWh = 1.16 / 0.76 kg/kWh plus container enclosure and racks (denser cells need less enclosure per MWh than LFP; see lfp steel row)'),
    ('nickel', (0.0, 0.002, 0.01), (0.45, 0.55, 0.7), 'layer0-method',
     'LFP: LFP cathode has no Ni; only Ni-plated tabs/busbars and stainless parts. Cobalt in LFP is zero (no row) | NMC: T&E 29 kg / 60 kWh = 0.48 kg/kWh; stoichiometry NMC622 1.54 kg CAM x 36.3% Ni = 0.56, NMC811 1.35 kg x 48.3% Ni = 0.65 kg/kWh'),
    ('cobalt', (0.0, 0.0, 0.0), (0.07, 0.12, 0.2), 'tande-ev-battery',
     "LFP: none | NMC: T&E 8 kg / 60 kWh = 0.13 kg/kWh; NMC811 1.35 kg x 6.1% = 0.08, NMC622 1.54 kg x 12.2% = 0.19 kg/kWh. ELMA's 7.6 wt% Co x 5.41 kg/kWh = 0.41 reflects old NMC111 packs and is not used"),
]


BOTTOM_UP_RANGE = (0.8, 1.25)  # each engineering estimate +-20-25% (ASSUMED: one design each)
BOTTOM_UP_SOURCE = {"transformers": "eci-transformer-1600kva"}


def _copper_rows(archetype: str) -> list[dict]:
    key = AI if archetype == AI else "other"
    fixed = {comp: FIXED_CU[(comp, key)] for comp in ("rack_power", "it_compute", "it_network",
                                                      "it_storage")}
    rows = []
    for comp, (values, why) in BOTTOM_UP_CU.items():
        v = values[key]
        rows.append(_row("copper", comp, archetype, "any",
                         (v * BOTTOM_UP_RANGE[0], v, v * BOTTOM_UP_RANGE[1]),
                         BOTTOM_UP_SOURCE.get(comp, "layer0-method"), "DERIVED",
                         f"Bottom-up: {why}; range x{BOTTOM_UP_RANGE[0]}-{BOTTOM_UP_RANGE[1]} "
                         "(ASSUMED). Rescaled to the published facility totals in the draws that "
                         "follow that evidence (facility_totals.csv)"))
    for comp, (triplet, source, quality, why) in fixed.items():
        rows.append(_row("copper", comp, archetype, "any", triplet, source, quality, why))
    pd_mode = [r for r in rows if r["component"] == "power_distribution"][0]
    low, mode, high = (float(pd_mode[k]) for k in ("low", "mode", "high"))
    if archetype == AI:
        f = DC800_PD_FACTOR
        rows.append(_row("copper", "power_distribution", AI, "dc_800v",
                         (low * f[0], mode * f[1], high * f[2]), "premiumpsu-800vdc", "DERIVED",
                         "800 VDC: 'up to ~45% less copper' than 415/480 VAC to 54 VDC (premiumpsu "
                         "citing NVIDIA): the ac_54v row x 0.55 / 0.70 / 0.90"))
        rows.append(_row("copper", "rack_power", AI, "dc_800v", *DC800_RACK))
    rows.append(_row("copper", "grid_connection", archetype, "any", *GRID_CU))
    return rows


def _row(material, component, archetype, architecture, triplet, source, quality, note,
         unit="t/MW"):
    low, mode, high = (float(f"{x:.6g}") for x in triplet)
    return {"material": material, "component": component, "archetype": archetype,
            "architecture": architecture, "low": low, "mode": mode, "high": high,
            "unit": unit, "source_id": source, "quality": quality, "note": note}


def _battery_rows() -> list[dict]:
    """Campus batteries per MWh: LFP_SHARE x LFP + (1 - LFP_SHARE) x NMC, bound by bound."""
    rows = []
    for material, lfp, nmc, source, notes in BATTERY:
        blend = tuple(LFP_SHARE * a + (1 - LFP_SHARE) * b for a, b in zip(lfp, nmc, strict=True))
        rows.append(_row(material, "campus_battery", "any", "any", blend, source, "DERIVED",
                         f"{LFP_SHARE:.0%} LFP + {1 - LFP_SHARE:.0%} NMC (LFP_SHARE ASSUMED). "
                         + notes, unit="t/MWh"))
    return rows


def intensity_rows() -> list[dict]:
    rows = []
    for archetype in (AI, *CONVENTIONAL):
        rows.extend(_copper_rows(archetype))
    for material, comp, arch, triplet, source, quality, note in OTHER:
        targets = CONVENTIONAL if arch == "conv" else ("any",) if arch == "any" else (arch,)
        for target in targets:
            rows.append(_row(material, comp, target, "any", triplet, source, quality, note))
    for material, comp, _, triplet, source, quality, note in CAMPUS:
        rows.append(_row(material, comp, "any", "any", triplet, source, quality, note))
    return rows + _battery_rows()


def total_rows() -> list[dict]:
    return [{"material": "copper", "archetype": a, "scope": "inside_fence", "low": t[0],
             "mode": t[1], "high": t[2], "unit": "t/MW", "mw_basis": "unspecified",
             "scales": " ".join(SCALED), "source_id": src, "quality": q, "note": note}
            for a, (t, src, q, note) in COPPER_TOTALS.items()]


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    write(DATA / "intensities.csv", intensity_rows())
    write(DATA / "facility_totals.csv", total_rows())
    print(f"wrote {len(intensity_rows())} intensity rows and {len(total_rows())} totals")
