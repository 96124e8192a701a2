//! The merge of each kind of item, field by field: parties, workloads
//! (with their activities and checklists), assets, log entries, waves.

use super::*;

impl Merger<'_> {
    pub(super) fn party(&mut self, b: Option<&Party>, o: &Party, t: &Party) -> Party {
        let place = Place::new(name_or_id(&o.name, &o.id), &o.id);
        Party {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                format!("{v:?}")
            }),
            role: self.pick(&place, "role", b.map(|b| &b.role), &o.role, &t.role, |v| {
                v.label().to_owned()
            }),
            contact: self.pick(
                &place,
                "contact",
                b.map(|b| &b.contact),
                &o.contact,
                &t.contact,
                |v| quoted(v),
            ),
        }
    }

    pub(super) fn workload(
        &mut self,
        b: Option<&Workload>,
        o: &Workload,
        t: &Workload,
    ) -> Workload {
        let names = self.names;
        let name = name_or_id(&o.name, &o.id).to_owned();
        let place = Place::new(name.clone(), &o.id);
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        let base_activities = b.map_or(&[][..], |b| &b.activities);
        let base_checklist = b.map_or(&[][..], |b| &b.checklist);
        let theirs_checklist = same_checks(base_checklist, &o.checklist, &t.checklist);
        let theirs_checklist = theirs_checklist.as_deref().unwrap_or(&t.checklist);
        Workload {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            description: self.pick(
                &place,
                "description",
                b.map(|b| &b.description),
                &o.description,
                &t.description,
                |v| quoted(v),
            ),
            business_owner: self.pick(
                &place,
                "business owner",
                b.map(|b| &b.business_owner),
                &o.business_owner,
                &t.business_owner,
                party,
            ),
            technical_owner: self.pick(
                &place,
                "technical owner",
                b.map(|b| &b.technical_owner),
                &o.technical_owner,
                &t.technical_owner,
                party,
            ),
            criticality: self.pick(
                &place,
                "criticality",
                b.map(|b| &b.criticality),
                &o.criticality,
                &t.criticality,
                |v| v.label().to_owned(),
            ),
            promotion_model: self.pick(
                &place,
                "promotion model",
                b.map(|b| &b.promotion_model),
                &o.promotion_model,
                &t.promotion_model,
                |v| v.label().to_owned(),
            ),
            remediation_timing: self.pick(
                &place,
                "remediation timing",
                b.map(|b| &b.remediation_timing),
                &o.remediation_timing,
                &t.remediation_timing,
                |v| v.label().to_owned(),
            ),
            target: self.pick(
                &place,
                "target",
                b.map(|b| &b.target),
                &o.target,
                &t.target,
                |v| quoted(v),
            ),
            wave: self.pick(&place, "wave", b.map(|b| &b.wave), &o.wave, &t.wave, |v| {
                quoted(v)
            }),
            activities: self.list(
                base_activities,
                &o.activities,
                &t.activities,
                |a| format!("{:?}", a.kind),
                |a| Place::new(activity_subject(&name, a.kind), &o.id),
                |_, _, _| "edited".to_owned(),
                |m, b, oa, ta| m.activity(&name, &o.id, b, oa, ta),
                None,
            ),
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
            remediation_timing_confirmed_by: set(
                b.map(|b| b.remediation_timing_confirmed_by.as_slice()),
                &o.remediation_timing_confirmed_by,
                &t.remediation_timing_confirmed_by,
            ),
            checklist: self.list(
                base_checklist,
                &o.checklist,
                theirs_checklist,
                |c| c.id.clone(),
                |c| Place::new(format!("{name} › checklist {}", short(&c.text)), &o.id),
                |_, _, _| "edited".to_owned(),
                |m, b, oc, tc| m.check(&name, &o.id, b, oc, tc),
                None,
            ),
            environment: self.pick(
                &place,
                "environment",
                b.map(|b| &b.environment),
                &o.environment,
                &t.environment,
                |v| v.label().to_owned(),
            ),
            wave_pinned: self.pick(
                &place,
                "pinned to its wave",
                b.map(|b| &b.wave_pinned),
                &o.wave_pinned,
                &t.wave_pinned,
                |v| if *v { "pinned" } else { "not pinned" }.to_owned(),
            ),
        }
    }

    pub(super) fn activity(
        &mut self,
        workload: &str,
        workload_id: &str,
        b: Option<&Activity>,
        o: &Activity,
        t: &Activity,
    ) -> Activity {
        let names = self.names;
        let place = Place::new(activity_subject(workload, o.kind), workload_id);
        let letter = |v: Option<&Raci>| v.map_or_else(none, |l| format!("{l:?}"));
        let mut raci = self.map(
            &place,
            b.map(|b| &b.raci),
            &o.raci,
            &t.raci,
            |p| format!("RACI of {}", names.party(p)),
            letter,
        );
        // Each side made a different party Accountable: one is the rule,
        // so theirs' new one waits for the room (also when a side already
        // had two: the merge must not add a third).
        let accountable = |raci: &BTreeMap<String, Raci>| -> Vec<String> {
            raci.iter()
                .filter(|(_, r)| **r == Raci::Accountable)
                .map(|(p, _)| p.clone())
                .collect()
        };
        let (now, in_ours, in_theirs) = (
            accountable(&raci),
            accountable(&o.raci),
            accountable(&t.raci),
        );
        if now.len() > 1 && now.len() > in_ours.len().max(in_theirs.len()) {
            let list = |ids: &[String]| {
                if ids.is_empty() {
                    none()
                } else {
                    ids.iter()
                        .map(|p| names.party(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let (keep, kept_side) = match self.conflict(
                ConflictKind::TwoAccountable,
                &place,
                "Accountable",
                list(&in_ours),
                list(&in_theirs),
                Side::Ours,
            ) {
                Side::Ours => (&in_ours, &o.raci),
                Side::Theirs => (&in_theirs, &t.raci),
            };
            // The kept side's Accountable parties stay; the other's new
            // ones get the letter the kept side gave them (or none).
            for p in now.iter().filter(|p| !keep.contains(p)) {
                match kept_side.get(p) {
                    Some(l) => raci.insert(p.clone(), *l),
                    None => raci.remove(p),
                };
            }
        }
        Activity {
            kind: o.kind,
            raci,
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }

    pub(super) fn check(
        &mut self,
        workload: &str,
        workload_id: &str,
        b: Option<&ChecklistItem>,
        o: &ChecklistItem,
        t: &ChecklistItem,
    ) -> ChecklistItem {
        let names = self.names;
        let place = Place::new(
            format!("{workload} › checklist {}", short(&o.text)),
            workload_id,
        );
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        ChecklistItem {
            id: o.id.clone(),
            phase: self.pick(
                &place,
                "phase",
                b.map(|b| &b.phase),
                &o.phase,
                &t.phase,
                |v| v.label().to_owned(),
            ),
            text: self.pick(&place, "text", b.map(|b| &b.text), &o.text, &t.text, |v| {
                quoted(v)
            }),
            owner: self.pick(
                &place,
                "owner",
                b.map(|b| &b.owner),
                &o.owner,
                &t.owner,
                party,
            ),
            done: self.pick(
                &place,
                "status",
                b.map(|b| &b.done),
                &o.done,
                &t.done,
                |v| if *v { "done" } else { "open" }.to_owned(),
            ),
            note: self.pick(&place, "note", b.map(|b| &b.note), &o.note, &t.note, |v| {
                quoted(v)
            }),
        }
    }

    pub(super) fn asset(&mut self, b: Option<&Asset>, o: &Asset, t: &Asset) -> Asset {
        let names = self.names;
        let place = Place::new(name_or_id(&o.name, &o.id), &o.id);
        let issues_place = || Place::new(name_or_id(&o.name, &o.id), &o.id);
        Asset {
            id: o.id.clone(),
            name: self.pick(&place, "name", b.map(|b| &b.name), &o.name, &t.name, |v| {
                quoted(v)
            }),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                v.label().to_owned()
            }),
            workload: self.pick(
                &place,
                "workload",
                b.map(|b| &b.workload),
                &o.workload,
                &t.workload,
                |v| {
                    v.as_deref()
                        .map_or_else(none, |id| names.workload(id).to_owned())
                },
            ),
            depends_on: set(
                b.map(|b| b.depends_on.as_slice()),
                &o.depends_on,
                &t.depends_on,
            ),
            strategy: self.pick(
                &place,
                "strategy",
                b.map(|b| &b.strategy),
                &o.strategy,
                &t.strategy,
                |v| v.label().to_owned(),
            ),
            assessment: self.pick(
                &place,
                "assessment",
                b.map(|b| &b.assessment),
                &o.assessment,
                &t.assessment,
                |v| v.label().to_owned(),
            ),
            remediation: Remediation {
                status: self.pick(
                    &place,
                    "remediation",
                    b.map(|b| &b.remediation.status),
                    &o.remediation.status,
                    &t.remediation.status,
                    |v| v.label().to_owned(),
                ),
                issues: self.list(
                    b.map_or(&[][..], |b| &b.remediation.issues),
                    &o.remediation.issues,
                    &t.remediation.issues,
                    |i| i.text.clone(),
                    |_| issues_place(),
                    |_, e, _| if e.resolved { "resolved" } else { "reopened" }.to_owned(),
                    |m, bi, oi, ti| Issue {
                        text: oi.text.clone(),
                        resolved: m.pick(
                            &issues_place(),
                            &format!("issue {}", quoted(&oi.text)),
                            bi.map(|b| &b.resolved),
                            &oi.resolved,
                            &ti.resolved,
                            |v| if *v { "resolved" } else { "open" }.to_owned(),
                        ),
                    },
                    None,
                ),
            },
            replication: Replication {
                status: self.pick(
                    &place,
                    "replication",
                    b.map(|b| &b.replication.status),
                    &o.replication.status,
                    &t.replication.status,
                    |v| v.label().to_owned(),
                ),
                tool: self.pick(
                    &place,
                    "replication tool",
                    b.map(|b| &b.replication.tool),
                    &o.replication.tool,
                    &t.replication.tool,
                    |v| v.label().to_owned(),
                ),
            },
            data_sync: self.pick(
                &place,
                "data sync",
                b.map(|b| &b.data_sync),
                &o.data_sync,
                &t.data_sync,
                |v| v.map_or_else(none, |tool| tool.label().to_owned()),
            ),
            staging: self.pick(
                &place,
                "staging",
                b.map(|b| &b.staging),
                &o.staging,
                &t.staging,
                |v| v.label().to_owned(),
            ),
            owners: self.map(
                &place,
                b.map(|b| &b.owners),
                &o.owners,
                &t.owners,
                |k| format!("{} owner", k.label()),
                |v| v.map_or_else(none, |id| names.party(id).to_owned()),
            ),
            source: {
                // Facts merge key by key, as a map of their texts.
                fn map(f: &crate::model::Facts) -> BTreeMap<&str, &str> {
                    f.iter().collect()
                }
                let base = b.map(|b| map(&b.source));
                self.map(
                    &place,
                    base.as_ref(),
                    &map(&o.source),
                    &map(&t.source),
                    |k| format!("fact {k}"),
                    |v| v.map_or_else(none, |s| quoted(s)),
                )
                .into_iter()
                .collect()
            },
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }

    pub(super) fn log_entry(
        &mut self,
        b: Option<&LogEntry>,
        o: &LogEntry,
        t: &LogEntry,
    ) -> LogEntry {
        let names = self.names;
        let place = Place::new(format!("log {}", short(&o.text)), &o.id);
        let party = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(none, |id| names.party(id).to_owned())
        };
        let date = |v: &Option<String>| v.clone().unwrap_or_else(none);
        LogEntry {
            id: o.id.clone(),
            kind: self.pick(&place, "kind", b.map(|b| &b.kind), &o.kind, &t.kind, |v| {
                v.label().to_owned()
            }),
            text: self.pick(&place, "text", b.map(|b| &b.text), &o.text, &t.text, |v| {
                quoted(v)
            }),
            owner: self.pick(
                &place,
                "owner",
                b.map(|b| &b.owner),
                &o.owner,
                &t.owner,
                party,
            ),
            status: self.pick(
                &place,
                "status",
                b.map(|b| &b.status),
                &o.status,
                &t.status,
                |v| v.label().to_owned(),
            ),
            date: self.pick(&place, "date", b.map(|b| &b.date), &o.date, &t.date, |v| {
                quoted(v)
            }),
            about: self.pick(
                &place,
                "about",
                b.map(|b| &b.about),
                &o.about,
                &t.about,
                |v| {
                    v.as_deref()
                        .map_or_else(none, |id| names.any(id).to_owned())
                },
            ),
            due: self.pick(&place, "due", b.map(|b| &b.due), &o.due, &t.due, date),
        }
    }

    pub(super) fn wave(&mut self, b: Option<&Wave>, o: &Wave, t: &Wave) -> Wave {
        let place = Place {
            subject: format!("wave {}", o.name),
            id: None,
        };
        let date = |v: &Option<String>| v.clone().unwrap_or_else(none);
        Wave {
            name: o.name.clone(),
            start: self.pick(
                &place,
                "start",
                b.map(|b| &b.start),
                &o.start,
                &t.start,
                date,
            ),
            end: self.pick(&place, "end", b.map(|b| &b.end), &o.end, &t.end, date),
            notes: self.pick(
                &place,
                "notes",
                b.map(|b| &b.notes),
                &o.notes,
                &t.notes,
                |v| quoted(v),
            ),
        }
    }
}
