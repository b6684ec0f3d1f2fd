"""The supply side: concentration by country and stage, exposure of demand, export controls,
the supply-risk index, disruption and coverage."""
