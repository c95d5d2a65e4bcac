//! The `hartslag` command: serve, demo, migrate, backup, restore, admin.

use std::path::PathBuf;
use std::sync::Arc;

use hartslag::ai::AiService;

use clap::{Parser, Subcommand};
use hartslag::db::{Db, backup, sqlite_url_in};
use hartslag::orgs::{self, NewPerson};
use hartslag::web::Config;

#[derive(Parser)]
#[command(name = "hartslag", version, about = "Hartslag — lerend werken in Prof-cirkels")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArgs {
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST/DB. Default: SQLite in the data dir.
    #[arg(long, env = "HARTSLAG_DATABASE_URL")]
    database_url: Option<String>,
    /// Directory for the embedded SQLite database.
    #[arg(long, env = "HARTSLAG_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

/// The local model, when there is one.
#[derive(clap::Args, Clone)]
struct AiArgs {
    /// A GGUF model file for in-process AI (needs the `local-ai` build). See the README.
    #[arg(long, env = "HARTSLAG_AI_MODEL")]
    ai_model: Option<PathBuf>,
    /// CPU threads for the local model (0: all cores).
    #[arg(long, env = "HARTSLAG_AI_THREADS", default_value_t = 0)]
    ai_threads: usize,
    /// Seconds an AI request in progress may go without its node's heartbeat (every 2 s) before
    /// any node marks it interrupted (at least 6).
    #[arg(long, env = "HARTSLAG_AI_STALE_SECONDS", default_value_t = 30)]
    ai_stale_seconds: u64,
    /// An upper bound on tokens the AI writes per field, below each field's own (32 to 320):
    /// shorter and faster answers, e.g. on a slow machine.
    #[arg(long, env = "HARTSLAG_AI_MAX_TOKENS")]
    ai_max_tokens: Option<u32>,
}

impl AiArgs {
    async fn service(&self, data_dir: &std::path::Path) -> anyhow::Result<Arc<AiService>> {
        let local = match &self.ai_model {
            Some(path) => {
                let started = std::time::Instant::now();
                let b = hartslag::ai::load_local(path, self.ai_threads).await?;
                eprintln!("AI: {} loaded in {:.1} s", b.describe().model, started.elapsed().as_secs_f64());
                Some(b)
            }
            None => None,
        };
        let secret = hartslag::ai::secret_key(data_dir)?;
        let limits = hartslag::ai::Limits {
            stale_after: std::time::Duration::from_secs(self.ai_stale_seconds),
            max_tokens: self.ai_max_tokens,
            ..hartslag::ai::Limits::default()
        };
        Ok(Arc::new(AiService::new(local, limits, secret)))
    }
}

/// Outgoing mail; without `--smtp-url` Hartslag sends none.
#[derive(clap::Args, Clone)]
struct MailArgs {
    /// SMTP server: smtp://HOST:PORT (no TLS), smtp://USER:PASS@HOST:587?tls=required (STARTTLS)
    /// or smtps://USER:PASS@HOST:465.
    #[arg(long, env = "HARTSLAG_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of Hartslag's mail.
    #[arg(long, env = "HARTSLAG_MAIL_FROM", default_value = "Hartslag <hartslag@localhost>")]
    mail_from: String,
    /// The address people open Hartslag at, e.g. https://hartslag.example.nl: links in mail and
    /// calendar feeds, and single sign-on (the identity provider sends people back to it).
    #[arg(long, env = "HARTSLAG_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailArgs {
    fn config(&self, listen: &str) -> Option<hartslag::mail::MailConfig> {
        self.smtp_url.as_ref().map(|url| hartslag::mail::MailConfig {
            smtp_url: url.clone(),
            from: self.mail_from.clone(),
            public_url: self.public_url.clone().unwrap_or_else(|| format!("http://{listen}")),
        })
    }
}

impl DbArgs {
    /// The database URL these options name.
    fn url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| sqlite_url_in(&self.data_dir))
    }

    async fn open(&self) -> anyhow::Result<Db> {
        if self.database_url.is_none() {
            std::fs::create_dir_all(&self.data_dir)?;
        }
        let db = Db::connect(&self.url()).await?;
        db.migrate().await?;
        Ok(db)
    }
}

#[derive(Subcommand)]
enum AiAction {
    /// Runs one short generation with an organisation's backend and prints the backend, the
    /// model, time to first token, tokens per second and the text.
    Test {
        /// The organisation's slug; the first organisation when absent.
        #[arg(long)]
        org: Option<String>,
        #[command(flatten)]
        ai: AiArgs,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "HARTSLAG_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Mark cookies Secure (set this behind HTTPS).
        #[arg(long, env = "HARTSLAG_SECURE_COOKIES")]
        secure_cookies: bool,
        #[command(flatten)]
        ai: AiArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Create the demo organisation (if absent) and serve it; prints one login per role.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, env = "HARTSLAG_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// `small` (Zorggroep De Linde, ~300 people) or `xxl` (100,000 people, for benchmarks).
        #[arg(long, default_value = "small")]
        size: String,
        /// Create the data and exit without serving.
        #[arg(long)]
        no_serve: bool,
        #[command(flatten)]
        ai: AiArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// AI: check the configured backend with one short generation.
    Ai {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: AiAction,
    },
    /// Compute the cockpit's figures now (the server does this hourly), for one organisation
    /// or all.
    Cockpit {
        #[command(flatten)]
        db: DbArgs,
        /// The organisation's slug; all organisations when absent.
        #[arg(long)]
        org: Option<String>,
    },
    /// Measure how far released figures lie from the exact ones (cockpit months and closed scan
    /// runs), for docs/PRIVACY-MODEL.md: prints Markdown tables; writes nothing.
    PrivacyAccuracy {
        #[command(flatten)]
        db: DbArgs,
        /// The organisation's slug; the first organisation when absent.
        #[arg(long)]
        org: Option<String>,
        /// Epsilon per cockpit month to measure (the default is Hartslag's).
        #[arg(long)]
        epsilon_month: Option<f64>,
        /// How many times each release is drawn.
        #[arg(long, default_value_t = 20)]
        draws: usize,
        /// Only the scans (the cockpit's measurement reads every month twice: minutes on XXL).
        #[arg(long)]
        scans_only: bool,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write an online backup of the SQLite database (the server may keep running) and check it.
    Backup {
        #[command(flatten)]
        db: DbArgs,
        /// The backup file to write; it must not exist.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Restore a SQLite backup as the database (stop the server first); the current database is
    /// kept aside as <db>.before-restore-<timestamp>.
    Restore {
        #[command(flatten)]
        db: DbArgs,
        /// The backup file, as `hartslag backup` wrote it.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Administration from the command line.
    Admin {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: AdminAction,
    },
}

/// The variants name the subcommands (`create-org`, …), so they share a prefix on purpose.
#[allow(clippy::enum_variant_names)]
#[derive(Subcommand)]
enum AdminAction {
    /// Create an organisation (with the default didactic framework).
    CreateOrg {
        #[arg(long)]
        name: String,
        #[arg(long)]
        slug: String,
    },
    /// Create a person with a password.
    CreateUser {
        #[arg(long)]
        org: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, env = "HARTSLAG_NEW_PASSWORD")]
        password: String,
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        adviser: bool,
    },
    /// Import people and units from an HR export (CSV). A dry run unless --apply.
    ImportPeople {
        #[arg(long)]
        org: String,
        #[arg(long)]
        file: PathBuf,
        /// Column preset: hartslag, afas, youforce or nmbrs.
        #[arg(long, default_value = "hartslag")]
        preset: String,
        /// A column of your own: FIELD=Header (e.g. employee_number="Pers.nr."); repeatable.
        #[arg(long = "map", value_name = "FIELD=HEADER")]
        map: Vec<String>,
        /// The file lists everyone: deactivate people with an employee number it does not list.
        #[arg(long)]
        full: bool,
        /// Refuse a full import that would deactivate more than this percentage.
        #[arg(long, default_value_t = 10)]
        max_deactivate: i64,
        /// Apply the valid rows even when other rows have errors.
        #[arg(long)]
        skip_invalid: bool,
        /// Apply the changes (without it: a dry run).
        #[arg(long)]
        apply: bool,
        /// Print every row, unchanged ones too.
        #[arg(long)]
        all_rows: bool,
        /// The language of the report: nl (Dutch, the default) or en.
        #[arg(long, env = "HARTSLAG_LANG", default_value = "nl", value_parser = language)]
        lang: hartslag::web::Lang,
    },
    /// Create an API token for a person; it is printed once.
    CreateToken {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "integration")]
        name: String,
        /// `read` (GET only) or `read_write`.
        #[arg(long, default_value = "read_write")]
        scope: String,
        /// Days until the token expires (1 to 365).
        #[arg(long, default_value_t = hartslag::auth::tokens::DEFAULT_DAYS)]
        days: i64,
    },
    /// Create a SCIM provisioning token for an organisation; it is printed once.
    CreateScimToken {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "SCIM")]
        name: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The log goes to stderr, so that what a command prints on stdout (the demo's logins, a
    // token) stays clean; colour only on a terminal, never as escape codes in a file or pipe.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HARTSLAG_LOG")
                .unwrap_or_else(|_| "hartslag=info,tower_http=warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Serve { db, listen, secure_cookies, ai, mail } => {
            let ai = ai.service(&db.data_dir).await?;
            let db = db.open().await?;
            let config = Config { secure_cookies, public_url: mail.public_url.clone(), ..Config::default() };
            hartslag::serve(db, config, ai, &listen, mail.config(&listen)).await
        }
        Command::Ai { db, action: AiAction::Test { org, ai } } => {
            let service = ai.service(&db.data_dir).await?;
            let db = db.open().await?;
            let found = hartslag::orgs::store::by_slug_or_first(&db, org.as_deref()).await?;
            let found = found.ok_or_else(|| anyhow::anyhow!("no organisation {}", org.unwrap_or_default()))?;
            let (org_id, name) = (found.id, found.name);
            match service.answerer(&db, org_id).await? {
                Ok(a) => println!(
                    "organisation: {name}\nbackend:      {}\nmodel:        {}{}",
                    a.mode.code(),
                    a.model,
                    a.external_host.map(|h| format!("\ntext goes to: {h}")).unwrap_or_default()
                ),
                Err(u) => anyhow::bail!("{}", hartslag::web::Lang::En.t(u.key())),
            }
            let o = service
                .probe(&db, org_id, hartslag::web::Lang::Nl)
                .await
                .map_err(|e| anyhow::anyhow!("{}", hartslag::web::Lang::En.msg(&e.message())))?;
            println!("answered by:  {} · {}", o.backend, o.model);
            println!("first token:  {} ms", o.first_token_ms);
            println!("tokens/s:     {:.1}", o.tokens_per_second);
            println!(
                "tokens:       {} prompt, {} completion, {} ms in all",
                o.prompt_tokens, o.completion_tokens, o.total_ms
            );
            println!("text:         {}", o.text.trim());
            Ok(())
        }
        Command::Demo { db, listen, size, no_serve, ai, mail } => {
            let size = hartslag::demo::Size::parse(&size).ok_or_else(|| anyhow::anyhow!("--size is small or xxl"))?;
            let ai = ai.service(&db.data_dir).await?;
            let db = db.open().await?;
            let logins = hartslag::demo::ensure(&db, size, ai.secret()).await?;
            println!("\nHartslag demo — {}\n", logins.organisation);
            for l in &logins.logins {
                println!("  {:<22} {:<36} wachtwoord: {}", l.role, l.email, l.password);
            }
            if no_serve {
                return Ok(());
            }
            println!("\n  Open http://{listen}/ in a browser.\n");
            if let Some(model) = ai.local_model() {
                println!("  AI: {model}, in-process.");
            }
            let config = Config { public_url: mail.public_url.clone(), ..Config::default() };
            hartslag::serve(db, config, ai, &listen, mail.config(&listen)).await
        }
        Command::Cockpit { db, org } => {
            let db = db.open().await?;
            let ids: Vec<(i64, String)> = hartslag::orgs::store::all(&db)
                .await?
                .into_iter()
                .filter(|o| org.as_ref().is_none_or(|s| s == &o.slug))
                .map(|o| (o.id, o.slug))
                .collect();
            if ids.is_empty() {
                anyhow::bail!("no organisation {}", org.unwrap_or_default());
            }
            for (id, slug) in ids {
                let ms = hartslag::cockpit::refresh::refresh(&db, id).await?;
                println!("{slug}: cockpit figures computed in {ms} ms");
            }
            Ok(())
        }
        Command::PrivacyAccuracy { db, org, epsilon_month, draws, scans_only } => {
            let db = db.open().await?;
            let found = hartslag::orgs::store::by_slug_or_first(&db, org.as_deref()).await?;
            let found = found.ok_or_else(|| anyhow::anyhow!("no organisation {}", org.clone().unwrap_or_default()))?;
            let (id, slug) = (found.id, found.slug);
            let eps = epsilon_month.unwrap_or(hartslag::privacy::COCKPIT_EPSILON_PER_MONTH);
            let today = chrono::Local::now().date_naive();
            let started = std::time::Instant::now();
            if !scans_only {
                let cockpit = hartslag::privacy::accuracy::cockpit(&db, id, today, eps, draws).await?;
                println!("## {slug}: cockpit, epsilon {eps} per month, {draws} draws\n");
                println!("{}", hartslag::privacy::accuracy::table(&cockpit));
            }
            let scans = hartslag::privacy::accuracy::scans(&db, id, draws).await?;
            println!("## {slug}: scans, epsilon {} per run, {draws} draws\n", hartslag::privacy::SCAN_EPSILON_PER_RUN);
            println!("{}", hartslag::privacy::accuracy::table(&scans));
            println!("measured in {:.1} s", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Migrate { db } => {
            db.open().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Backup { db, to } => {
            let db = backup::open_existing(&db.url()).await?;
            let started = std::time::Instant::now();
            let b = backup::backup(&db, &to).await?;
            db.pool.close().await;
            println!("backup written: {} ({}, {} ms)", b.path.display(), size(b.bytes), started.elapsed().as_millis());
            println!("integrity:      {}", b.integrity);
            println!("rows:           {}", b.counts_line());
            Ok(())
        }
        Command::Restore { db, from } => {
            let target = backup::sqlite_path(&db.url(), true)?;
            let r = backup::restore(&from, &target).await?;
            println!(
                "backup checked: {} ({}), integrity {}",
                r.backup.path.display(),
                size(r.backup.bytes),
                r.backup.integrity
            );
            println!("rows:           {}", r.backup.counts_line());
            if let Some(note) = &r.note {
                println!("note:           {note}");
            }
            for k in &r.kept {
                println!("kept aside:     {}", k.display());
            }
            if r.migrated.is_empty() {
                println!("restored:       {} (schema up to date)", target.display());
            } else {
                let v: Vec<String> = r.migrated.iter().map(|v| v.to_string()).collect();
                println!("restored:       {} (migrations applied: {})", target.display(), v.join(", "));
            }
            Ok(())
        }
        Command::Admin { db, action } => {
            let db = db.open().await?;
            admin(&db, action).await
        }
    }
}

/// `--lang`: nl or en (also `nl_NL.UTF-8` and the like, as HARTSLAG_LANG may say it).
fn language(s: &str) -> Result<hartslag::web::Lang, String> {
    hartslag::web::Lang::parse(s).ok_or_else(|| format!("{s}: nl or en"))
}

/// A file size for people: bytes, KiB or MiB.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

async fn admin(db: &Db, action: AdminAction) -> anyhow::Result<()> {
    let fail = |e: hartslag::error::Error| anyhow::anyhow!("{}", hartslag::web::Lang::En.msg(&e.message()));
    match action {
        AdminAction::CreateOrg { name, slug } => {
            let id = orgs::create_org(db, &name, &slug).await.map_err(fail)?;
            println!("organisation {id} created");
        }
        AdminAction::CreateUser { org, name, email, password, admin, adviser } => {
            let org_id = orgs::org_by_slug(db, &org)
                .await
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("no organisation {org}"))?;
            let p = NewPerson {
                name,
                email,
                password: Some(password),
                is_admin: admin,
                is_adviser: adviser,
                ..Default::default()
            };
            let id = orgs::create_person(db, org_id, &p).await.map_err(fail)?;
            println!("person {id} created");
        }
        AdminAction::ImportPeople {
            org,
            file,
            preset,
            map,
            full,
            max_deactivate,
            skip_invalid,
            apply,
            all_rows,
            lang,
        } => {
            use hartslag::provisioning::{self, Action, Field};
            use std::io::Write;
            let fail = |e: hartslag::error::Error| anyhow::anyhow!("{}", lang.msg(&e.message()));
            let org_id = orgs::org_by_slug(db, &org)
                .await
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("{}", lang.ta("import-cli-no-org", &[("org", org.clone())])))?;
            let mut overrides = Vec::new();
            for m in &map {
                let (f, h) = m
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("{}", lang.ta("import-cli-map-syntax", &[("map", m.clone())])))?;
                let field = Field::parse(f).ok_or_else(|| {
                    let known: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
                    anyhow::anyhow!(
                        "{}",
                        lang.ta("import-cli-field-unknown", &[("field", f.to_string()), ("known", known.join(", "))])
                    )
                })?;
                overrides.push((field, h.to_string()));
            }
            let opts =
                provisioning::Options { preset, overrides, full, max_deactivate_percent: max_deactivate, skip_invalid };
            let bytes = std::fs::read(&file)?;
            let started = std::time::Instant::now();
            let today = chrono::Local::now().date_naive();
            let r = provisioning::run(db, org_id, &bytes, &opts, apply, today).await.map_err(fail)?;
            // One write per buffer, not per line: a report can have 100,000 of them.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let note = lang.t("import-notice");
            for l in r.lines.iter().filter(|l| all_rows || l.action != Action::Unchanged || !l.notices.is_empty()) {
                let mut what = lang.t(&format!("import-action-{}", l.action.kind()));
                let detail = l.action.detail(lang);
                if !detail.is_empty() {
                    what = format!("{what}: {detail}");
                }
                let place = provisioning::position(lang, l);
                let place = if place.is_empty() { "-".to_string() } else { place };
                writeln!(out, "{place:<24}  {:<12} {:<32} {what}", l.employee_number, l.name)?;
                for n in &l.notices {
                    writeln!(out, "{:<24}  {note}: {}", "", lang.msg(n))?;
                }
            }
            writeln!(
                out,
                "\n{}",
                lang.ta(
                    "import-cli-summary",
                    &[
                        ("rows", r.rows.to_string()),
                        ("created", r.created.to_string()),
                        ("updated", r.updated.to_string()),
                        ("unchanged", r.unchanged.to_string()),
                        ("deactivated", r.deactivated.to_string()),
                        ("errors", r.errors.to_string()),
                        ("notices", r.notices.to_string()),
                        ("units_created", r.units_created.to_string()),
                        ("units_updated", r.units_updated.to_string()),
                        ("ms", started.elapsed().as_millis().to_string()),
                    ],
                )
            )?;
            match (&r.refused, r.applied) {
                (Some(why), _) => {
                    out.flush()?;
                    anyhow::bail!("{}", lang.ta("import-cli-refused", &[("why", lang.msg(why))]))
                }
                (None, true) => writeln!(out, "{}", lang.t("import-cli-applied"))?,
                (None, false) => writeln!(out, "{}", lang.t("import-cli-dry-run"))?,
            }
            out.flush()?;
        }
        AdminAction::CreateToken { email, name, scope, days } => {
            use hartslag::auth::tokens;
            let scope = tokens::Scope::parse(&scope).ok_or_else(|| anyhow::anyhow!("scope is read or read_write"))?;
            let id = hartslag::orgs::store::person_id_by_email(db, &email).await.map_err(fail)?;
            let id = id.ok_or_else(|| anyhow::anyhow!("no person with e-mail {email}"))?;
            let token = tokens::create(db, id, &name, scope, days).await.map_err(fail)?;
            println!("{token}");
        }
        AdminAction::CreateScimToken { org, name } => {
            let org_id = orgs::org_by_slug(db, &org)
                .await
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("no organisation {org}"))?;
            let token = hartslag::scim::store::create_token(db, hartslag::audit::By::Server { org_id }, &name)
                .await
                .map_err(fail)?;
            eprintln!("SCIM token for {org} (shown once; the service is at <your address>/scim/v2):");
            println!("{token}");
        }
    }
    Ok(())
}
