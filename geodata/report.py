"""The coverage report as text, for the build's `report` callback and the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the manifest imports nothing from here; avoid a cycle at run time anyway
    from geodata.manifest import Manifest


def _units(units: dict) -> list[str]:
    return [
        f"  {vintage} {level:<10} {c['with_geometry']:>6} / {c['total']:<6} "
        f"{100 * c['share']:6.2f} %"
        for vintage, levels in units.items()
        for level, c in levels.items()
    ]


def _checks(checks: dict) -> list[str]:
    lines = []
    for detail, check in checks.items():
        for vintage, area in check["areas"].items():
            over = check["overlaps"][vintage]
            lines.append(
                f"  {detail:<9} {vintage}: provinces {area['provinces_km2']:,.0f} km², communes "
                f"{area['communes_km2']:,.0f} km² ({100 * area['difference']:.3f} % apart); "
                f"{over['pairs']} overlapping neighbours (largest {over['largest_m2']:.0f} m²)"
            )
    return lines


def format_report(manifest: Manifest) -> str:
    """A few lines: matching steps, units with a geometry, checks, units without geometry."""
    cov = manifest.coverage
    match, inside, new = cov["matching"], cov["centroids_inside"], cov["current_centroids_inside"]
    steps = ", ".join(f"{name} {count}" for name, count in match["steps"].items())
    lines = [
        f"geodata (pipeline {manifest.pipeline_version}, built {manifest.built_at} "
        f"in {manifest.build_seconds:.1f} s)",
        f"source polygons: {match['polygons']}; matched by {steps}",
        "units with a geometry:",
        *_units(cov["units"]),
        f"legacy centroids inside their polygon: {inside['inside']} / {inside['checked']} "
        f"({100 * inside['share']:.2f} %; {100 * inside['share_distinct_centroids']:.2f} % of "
        "the centroids no other commune shares)",
        f"post-reform centroids inside their derived polygon: {new['inside']} / {new['checked']} "
        f"({100 * new['share']:.2f} %)",
        f"divided old communes: {cov['divided_communes']['old']}, cut into "
        f"{cov['divided_communes']['pieces']} pieces",
        "checks:",
        *_checks(cov["checks"]),
        f"units without geometry: {len(cov['missing'])}"
        + (" (the sources have no polygon for them; why, unit by unit:)" if cov["missing"] else ""),
        *(
            f"  {m['vintage']} {m['level']} {m['code']} {m['name']}: {m['reason']}"
            for m in cov["missing"]
        ),
    ]
    return "\n".join(lines)
