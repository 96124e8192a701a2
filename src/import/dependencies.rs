//! Azure Migrate's agentless dependency analysis export: one row per
//! connection seen, source → destination. Each row whose servers are both
//! in the plan becomes a `depends_on` link (the source depends on the
//! destination); rows whose servers are not in the plan are counted and
//! named, never dropped silently; infrastructure noise ports are left out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::{ImportError, RowError, Table, is_spreadsheet, not_recognised, read_csv, read_sheet};
use crate::edit::{Edit, Item};
use crate::model::Plan;
use crate::words;

/// Ports that are infrastructure noise by default: SSH, DNS, NTP, RPC,
/// NetBIOS, LDAP, SMB and RDP. Every server talks to these, so links over
/// them say nothing about which workload a server belongs to.
pub const NOISE_PORTS: [u16; 10] = [22, 53, 123, 135, 137, 138, 139, 389, 445, 3389];

/// One connection of the export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connection {
    pub row: usize,
    pub source: String,
    pub source_ip: String,
    pub source_application: String,
    pub destination: String,
    pub destination_ip: String,
    pub destination_application: String,
    pub port: Option<u16>,
}

/// What reading the export gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connections {
    pub rows: Vec<Connection>,
    pub errors: Vec<RowError>,
    pub warnings: Vec<String>,
}

/// Reads a dependency export (CSV, or the first sheet of a workbook).
pub fn read(path: &Path) -> Result<Connections, ImportError> {
    let table = if is_spreadsheet(path) {
        read_sheet(path, &[])?
    } else {
        read_csv(path)?
    };
    parse(&table, path)
}

/// The connections of a table with the export's columns.
pub fn parse(table: &Table, path: &Path) -> Result<Connections, ImportError> {
    let (Some(source), Some(destination)) = (
        table.column(&["Source server name", "Source server"]),
        table.column(&["Destination server name", "Destination server"]),
    ) else {
        return Err(not_recognised(
            path,
            table,
            "an Azure Migrate dependency analysis export (`Source server name`, `Destination server name`)",
        ));
    };
    let source_ip = table.column(&["Source IP"]);
    let source_app = table.column(&["Source application"]);
    let destination_ip = table.column(&["Destination IP"]);
    let destination_app = table.column(&["Destination application"]);
    let port = table.column(&["Destination port"]);
    let mut out = Connections {
        errors: table.errors.clone(),
        warnings: table.warnings.clone(),
        ..Connections::default()
    };
    for (row, cells) in &table.rows {
        let cell = |c: Option<usize>| {
            c.and_then(|c| cells.get(c))
                .map_or("", |s| s.as_str())
                .trim()
                .to_owned()
        };
        let port_text = cell(port);
        let port_number = if port_text.is_empty() {
            None
        } else {
            match port_text.parse::<u16>() {
                Ok(p) => Some(p),
                Err(_) => {
                    out.errors.push(RowError {
                        row: *row,
                        column: port.map(|c| table.headers[c].clone()),
                        message: format!("`{port_text}` is not a port number: the row is skipped"),
                    });
                    continue;
                }
            }
        };
        let connection = Connection {
            row: *row,
            source: cell(Some(source)),
            source_ip: cell(source_ip),
            source_application: cell(source_app),
            destination: cell(Some(destination)),
            destination_ip: cell(destination_ip),
            destination_application: cell(destination_app),
            port: port_number,
        };
        if connection.source.is_empty() && connection.source_ip.is_empty()
            || connection.destination.is_empty() && connection.destination_ip.is_empty()
        {
            out.errors.push(RowError {
                row: *row,
                column: None,
                message: "no source or no destination server: the row is skipped".into(),
            });
            continue;
        }
        out.rows.push(connection);
    }
    Ok(out)
}

/// A server name as matched: lower case, without a domain suffix
/// (`ERP-DB-01.corp.example` is `erp-db-01`).
pub fn server_key(name: &str) -> String {
    let name = name.trim().to_lowercase();
    // An IP address has dots but no domain.
    if name.parse::<std::net::IpAddr>().is_ok() {
        return name;
    }
    name.split('.').next().unwrap_or_default().to_owned()
}

/// What merging the connections did or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DependencySummary {
    /// Connections read.
    pub connections: usize,
    /// New `depends_on` links.
    pub added: usize,
    /// Links the plan already had (a re-import adds nothing twice).
    pub already: usize,
    /// Connections over an ignored port.
    pub ignored_port: usize,
    /// Connections of a server with itself.
    pub self_links: usize,
    /// Servers of the file not in the plan, with how many connections
    /// named them.
    pub unknown_servers: BTreeMap<String, usize>,
    /// Connections skipped because a server is not in the plan.
    pub unmatched: usize,
    pub errors: Vec<RowError>,
    pub warnings: Vec<String>,
}

impl DependencySummary {
    /// A few lines for a terminal or a dialog.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{}: {}, {} already known, {} over ignored ports, {} between servers not in the plan",
            words::count(self.connections, "connection"),
            words::count(self.added, "new dependency"),
            self.already,
            self.ignored_port,
            self.unmatched
        );
        if !self.unknown_servers.is_empty() {
            let mut names: Vec<(&String, &usize)> = self.unknown_servers.iter().collect();
            names.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let shown: Vec<String> = names
                .iter()
                .take(20)
                .map(|(n, c)| format!("{n} ({c})"))
                .collect();
            text.push_str(&format!(
                "\n{} {} not in the plan: {}{}",
                words::count(names.len(), "server"),
                words::noun(names.len(), "is"),
                shown.join(", "),
                if names.len() > 20 { ", …" } else { "" }
            ));
        }
        for w in &self.warnings {
            text.push_str(&format!("\n{w}"));
        }
        if !self.errors.is_empty() {
            text.push_str(&format!(
                "\n{} not imported:",
                words::count(self.errors.len(), "row")
            ));
            for e in &self.errors {
                text.push_str(&format!("\n  {e}"));
            }
        }
        text
    }
}

/// The edit that adds the connections as dependencies, and what it does.
/// Servers match assets by name, case-insensitively and ignoring a domain
/// suffix, or by IP address (the `ip` fact) when the name does not match.
/// The application a server runs is kept as its `application` fact when
/// it has none yet.
pub fn merge(
    plan: &Plan,
    connections: &Connections,
    ignore_ports: &[u16],
) -> (Edit, DependencySummary) {
    let mut summary = DependencySummary {
        connections: connections.rows.len(),
        errors: connections.errors.clone(),
        warnings: connections.warnings.clone(),
        ..DependencySummary::default()
    };
    let mut by_name: HashMap<String, usize> = HashMap::with_capacity(plan.assets.len());
    let mut by_ip: HashMap<String, usize> = HashMap::new();
    for (i, asset) in plan.assets.iter().enumerate() {
        by_name.entry(server_key(&asset.name)).or_insert(i);
        if let Some(dns) = asset.source.get("dns_name") {
            by_name.entry(server_key(dns)).or_insert(i);
        }
        if let Some(ips) = asset.source.get("ip") {
            for ip in ips.split([',', ';', ' ']).filter(|s| !s.is_empty()) {
                by_ip.entry(ip.trim().to_owned()).or_insert(i);
            }
        }
    }
    let find = |name: &str, ip: &str| -> Option<usize> {
        (!name.is_empty())
            .then(|| by_name.get(&server_key(name)).copied())
            .flatten()
            .or_else(|| (!ip.is_empty()).then(|| by_ip.get(ip).copied()).flatten())
    };
    // New links and application names per asset, applied in plan order.
    let mut links: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut applications: BTreeMap<usize, String> = BTreeMap::new();
    for c in &connections.rows {
        if c.port.is_some_and(|p| ignore_ports.contains(&p)) {
            summary.ignored_port += 1;
            continue;
        }
        let from = find(&c.source, &c.source_ip);
        let to = find(&c.destination, &c.destination_ip);
        let (Some(from), Some(to)) = (from, to) else {
            summary.unmatched += 1;
            for (found, name, ip) in [
                (from, &c.source, &c.source_ip),
                (to, &c.destination, &c.destination_ip),
            ] {
                if found.is_none() {
                    let shown = if name.is_empty() { ip } else { name };
                    *summary.unknown_servers.entry(shown.clone()).or_default() += 1;
                }
            }
            continue;
        };
        for (i, app) in [
            (from, &c.source_application),
            (to, &c.destination_application),
        ] {
            if !app.is_empty() && !plan.assets[i].source.contains_key("application") {
                applications.entry(i).or_insert_with(|| app.clone());
            }
        }
        if from == to {
            summary.self_links += 1;
            continue;
        }
        if !seen.insert((from, to)) {
            continue;
        }
        let target = &plan.assets[to].id;
        if plan.assets[from].depends_on.contains(target) {
            summary.already += 1;
        } else {
            links.entry(from).or_default().push(to);
            summary.added += 1;
        }
    }
    let mut touched: Vec<usize> = links.keys().chain(applications.keys()).copied().collect();
    touched.sort_unstable();
    touched.dedup();
    let edits = touched
        .into_iter()
        .map(|i| {
            let mut asset = crate::model::Asset::clone(&plan.assets[i]);
            for &to in links.get(&i).into_iter().flatten() {
                asset.depends_on.push(plan.assets[to].id.clone());
            }
            if let Some(app) = applications.get(&i) {
                asset.source.insert("application", app);
            }
            Edit::Put(Item::Asset(asset.into()))
        })
        .collect();
    (Edit::Batch(edits), summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Asset;

    const EXPORT: &str = "\
Time slot,Source server name,Source IP,Source application,Source process,Destination server name,Destination IP,Destination application,Destination process,Destination port
2026-11-01 00:00,ERP-WEB-01.corp.example,10.0.0.1,SAP ERP,w3wp.exe,erp-db-01,10.0.0.2,SAP ERP,sqlservr.exe,1433
2026-11-01 00:00,erp-web-01,10.0.0.1,,w3wp.exe,ERP-DB-01.CORP.EXAMPLE,10.0.0.2,,sqlservr.exe,1433
2026-11-01 00:00,erp-web-01,10.0.0.1,,lsass.exe,dc-01,10.0.0.9,,lsass.exe,389
2026-11-01 00:00,erp-web-01,10.0.0.1,,svchost.exe,backup-07,10.0.0.77,,agent.exe,8400
2026-11-01 00:00,,10.0.0.2,,sqlservr.exe,,10.0.0.1,,w3wp.exe,49152
";

    fn plan() -> Plan {
        let mut plan = Plan::named("t");
        for name in ["erp-web-01", "erp-db-01", "dc-01"] {
            plan.assets.push(std::sync::Arc::new(Asset {
                id: format!("as-{name}"),
                name: name.to_owned(),
                ..Asset::default()
            }));
        }
        std::sync::Arc::make_mut(&mut plan.assets[1])
            .source
            .insert("ip", "10.0.0.2");
        std::sync::Arc::make_mut(&mut plan.assets[0])
            .source
            .insert("ip", "10.0.0.1");
        plan
    }

    fn connections() -> Connections {
        let table =
            crate::import::read_csv_bytes(EXPORT.as_bytes(), Path::new("deps.csv")).expect("reads");
        parse(&table, Path::new("deps.csv")).expect("recognised")
    }

    #[test]
    fn servers_match_by_name_without_case_or_domain_and_by_ip() {
        let mut plan = plan();
        let (edit, summary) = merge(&plan, &connections(), &NOISE_PORTS);
        assert_eq!(summary.connections, 5);
        assert_eq!(summary.added, 2, "web → db once, db → web by IP");
        assert_eq!(summary.ignored_port, 1, "LDAP to the domain controller");
        crate::edit::apply(&mut plan, edit).expect("applies");
        assert_eq!(plan.assets[0].depends_on, ["as-erp-db-01"]);
        assert_eq!(plan.assets[1].depends_on, ["as-erp-web-01"]);
        assert!(plan.assets[2].depends_on.is_empty());
        assert_eq!(&plan.assets[0].source["application"], "SAP ERP");
    }

    #[test]
    fn unknown_servers_are_counted_and_named_never_dropped() {
        let (_, summary) = merge(&plan(), &connections(), &NOISE_PORTS);
        assert_eq!(summary.unmatched, 1);
        assert_eq!(summary.unknown_servers.get("backup-07"), Some(&1));
        assert!(
            summary.describe().contains("backup-07"),
            "{}",
            summary.describe()
        );
    }

    #[test]
    fn ports_can_be_kept_and_re_import_adds_nothing_twice() {
        let mut plan = plan();
        let (edit, summary) = merge(&plan, &connections(), &[]);
        assert_eq!(summary.added, 3, "with LDAP kept, web → dc too");
        crate::edit::apply(&mut plan, edit).expect("applies");
        let before = plan.clone();
        let (edit, again) = merge(&plan, &connections(), &[]);
        assert_eq!(again.added, 0);
        assert_eq!(again.already, 3);
        crate::edit::apply(&mut plan, edit).expect("applies");
        assert_eq!(plan, before, "nothing added twice");
    }

    #[test]
    fn a_file_without_the_columns_is_not_recognised() {
        let table =
            crate::import::read_csv_bytes(b"VM,CPUs\nweb,2\n", Path::new("x.csv")).expect("reads");
        let err = parse(&table, Path::new("x.csv")).expect_err("not an export");
        assert!(err.to_string().contains("Source server name"), "{err}");
    }

    #[test]
    fn server_keys_drop_the_domain_but_keep_ip_addresses() {
        assert_eq!(server_key("ERP-DB-01.corp.example"), "erp-db-01");
        assert_eq!(server_key("10.0.0.2"), "10.0.0.2");
    }
}
