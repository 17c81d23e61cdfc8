//! Jira CSV export, with headers in the exporting user's language.

use super::{Format, Preset, Reader};
use crate::config::SourceKind;
use crate::ingest::data::values::ListSep;

/// Jira "Export CSV (all fields)": repeated columns for multi-value fields.
pub static JIRA_CSV: Preset = Preset {
    name: "jira",
    kind: SourceKind::Tickets,
    format: Format::Table,
    reader: Reader::Rows,
    layout: &[
        (
            "id",
            &[
                "issue key",
                "schlüssel",
                "vorgangsschlüssel",
                "clé",
                "clé de ticket",
                "clave",
                "clave de incidencia",
                "avain",
                "tehtävän avain",
                "key",
            ],
        ),
        (
            "title",
            &[
                "summary",
                "zusammenfassung",
                "résumé",
                "resumen",
                "yhteenveto",
            ],
        ),
        (
            "kind",
            &[
                "issue type",
                "vorgangstyp",
                "type de ticket",
                "tipo de incidencia",
                "tehtävätyyppi",
                "tiketin tyyppi",
            ],
        ),
        ("status", &["status", "état", "statut", "estado", "tila"]),
        (
            "status_category",
            &[
                "status category",
                "statuskategorie",
                "catégorie d'état",
                "catégorie de statut",
                "categoría de estado",
                "tilaluokka",
                "tilan luokka",
            ],
        ),
        (
            "priority",
            &[
                "priority",
                "priorität",
                "priorité",
                "prioridad",
                "prioriteetti",
            ],
        ),
        (
            "labels",
            &[
                "labels",
                "stichwörter",
                "étiquettes",
                "etiquetas",
                "tunnisteet",
            ],
        ),
        (
            "components",
            &[
                "component/s",
                "components",
                "komponente/n",
                "komponenten",
                "composants",
                "componentes",
                "komponentit",
            ],
        ),
        (
            "group",
            &[
                "team",
                "custom field (team)",
                "project name",
                "projektname",
                "nom du projet",
                "nombre de proyecto",
                "projektin nimi",
            ],
        ),
        (
            "created_at",
            &[
                "created",
                "erstellt",
                "création",
                "créé",
                "creada",
                "creado",
                "luotu",
            ],
        ),
        (
            "resolved_at",
            &[
                "resolved",
                "erledigt",
                "résolu",
                "résolue",
                "resuelta",
                "resuelto",
                "ratkaistu",
            ],
        ),
        (
            "linked_incidents",
            &[
                "custom field (linked incident)",
                "custom field (incident id)",
                "custom field (pagerduty incident)",
            ],
        ),
        ("reopen_count", &["custom field (reopen count)"]),
        ("url", &["url"]),
    ],
    signature: &[
        "issue key|schlüssel|vorgangsschlüssel|clé|clé de ticket|clave|clave de incidencia|avain|tehtävän avain",
        "summary|zusammenfassung|résumé|resumen|yhteenveto",
    ],
    containers: &[],
    lists: ListSep::None,
};
