//! `spanbench`: arguments -> the workbench or a command. Nothing else lives here.
#![deny(clippy::string_slice)]

use clap::{Parser, Subcommand};
use spanbench::commands::{self, Paths};
use spanbench::export::labels::LabelMap;
use spanbench::export::{ExportOptions, Format};
use spanbench::model::{Label, Status};
use spanbench::session::Action;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "spanbench", version, about = "Tag who (ACTOR) said what (CLAIM) about where (LOCATION) in news articles.", long_about = None)]
struct Cli {
    /// Folder (or file) of articles (.txt); default ./seeds
    #[arg(long, global = true, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Folder of annotation files (<article id>.ron); default ./annotations
    #[arg(long, global = true, value_name = "DIR")]
    annotations: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the workbench on files or folders of articles
    Open {
        /// Article files (.txt) or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Show per-article agreement between these analysts' folders in the list
        #[arg(long, num_args = 2.., value_name = "DIR")]
        compare: Vec<PathBuf>,
    },
    /// The workbench on an adjudication's review queue (OUT/review.jsonl)
    Review {
        /// The output folder of `spanbench adjudicate`
        out: PathBuf,
    },
    /// Validate every annotation file against its article; exit 1 on any problem
    Check,
    /// Read pre-annotations or another team's work into the annotation files
    Import {
        /// A JSONL file (ours, Prodigy's or doccano's), or a brat folder
        file: PathBuf,
        /// jsonl, prodigy, doccano or brat; detected from the content when absent
        #[arg(long, value_parser = parse_format)]
        format: Option<Format>,
        /// Import the good lines and report the bad ones (default: import nothing if any line is bad)
        #[arg(long)]
        skip_bad: bool,
        /// Other teams' types onto ours, e.g. Source=ACTOR,Content=CLAIM,Says=SAID_BY;
        /// types it does not name (and that are not ours) are ignored and counted
        #[arg(long, value_name = "THEIRS=OURS,...", value_parser = parse_map)]
        map: Option<LabelMap>,
    },
    /// Export annotations for training or review
    Export {
        /// jsonl, prodigy, doccano, conll, brat or ron
        #[arg(long, value_parser = parse_format)]
        format: Format,
        /// Output file (a folder for brat); standard output when absent
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Only articles with these statuses, e.g. done,reviewed
        #[arg(long, value_delimiter = ',', value_parser = parse_status)]
        status: Vec<Status>,
        /// CoNLL: the labels that go in the tag column, e.g. actor,location
        #[arg(long, value_delimiter = ',', value_parser = parse_label)]
        labels: Vec<Label>,
        /// doccano: write the relation shape (entities + relations)
        #[arg(long)]
        relations: bool,
    },
    /// Auto-tag articles headless; JSONL (spans with score and why) out
    Suggest {
        /// Article files (.txt) or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output file; standard output when absent
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print throughput, engine start and peak memory to standard error at the end
        #[arg(long)]
        stats: bool,
        /// How the model's names and the rules' are merged (default: the shipped choice):
        /// rules, model, model-first, rules-first, longer-names
        #[arg(long, value_parser = spanbench::suggest::Policy::from_key)]
        policy: Option<spanbench::suggest::Policy>,
    },
    /// Precision, recall and F1 per label against gold (GUIDELINES.md scoring)
    Eval {
        /// Gold JSONL (our shape)
        #[arg(long, value_name = "GOLD.jsonl")]
        gold: PathBuf,
        /// Predictions: a JSONL file or an annotations folder
        pred: PathBuf,
    },
    /// Agreement between analysts' annotation folders: F1, unitizing alpha, SAID_BY
    Agree {
        /// Two or more annotation folders, one per analyst
        #[arg(required = true, num_args = 2.., value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Agreed spans into OUT, every disagreement into OUT/review.jsonl
    Adjudicate {
        /// Two or more annotation folders, one per analyst
        #[arg(required = true, num_args = 2.., value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// The output folder
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// Rebuild the model weights in assets/model reproducibly (seed gold + public news)
    Train {
        /// Folders (or files) of public gold JSONL with texts; files named *dev* are held out
        #[arg(long, value_name = "DIR", default_values = ["assets/train/gum-news-train.jsonl", "assets/train/gum-news-dev.jsonl"])]
        from: Vec<PathBuf>,
        /// The seeds' gold (texts from --corpus)
        #[arg(long, value_name = "FILE", default_value = "tests/data/seeds-gold.jsonl")]
        gold: PathBuf,
        /// Where weights.bin and calibration.tsv go
        #[arg(long, value_name = "DIR", default_value = "assets/model")]
        out: PathBuf,
        /// Seed of the training order
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the training data
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Perceptrons averaged, each on its own order (seeds SEED, SEED+1, ...)
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also write the evaluation tables (markdown) to this file
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Use at most this many public articles (0: all)
        #[arg(long, default_value_t = 0, hide = true)]
        limit: usize,
    },
    /// Rebuild the gazetteers in assets/ from the raw GeoNames and Phoenix data
    #[command(hide = true)]
    Gazetteers {
        /// The data folder (../shared/data)
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Where to write them
        #[arg(long, value_name = "DIR", default_value = "assets/gazetteers")]
        out: PathBuf,
    },
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?} (one of {})", names.join(", "))
    })
}

fn parse_map(s: &str) -> Result<LabelMap, String> {
    LabelMap::parse(s)
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| format!("unknown status {s:?} (new, in-progress, done, reviewed)"))
}

fn parse_label(s: &str) -> Result<Label, String> {
    Label::parse(s).ok_or_else(|| format!("unknown label {s:?} (actor, claim, location)"))
}

fn main() {
    let cli = Cli::parse();
    let mut paths = Paths {
        corpus: vec![cli.corpus.clone().unwrap_or_else(|| PathBuf::from("seeds"))],
        annotations: cli.annotations.clone().unwrap_or_else(|| PathBuf::from("annotations")),
    };
    // A command that waits for another writer's lock says so (the workbench does not).
    spanbench::lock::set_wait_notice(!matches!(
        cli.command,
        None | Some(Command::Open { .. }) | Some(Command::Review { .. })
    ));
    let code = match cli.command {
        None => gui(paths, Vec::new()),
        Some(Command::Review { out }) => match spanbench::session::review::Review::load(&out) {
            Err(e) => {
                eprintln!("{e}");
                2
            }
            Ok(_) => {
                paths.annotations = out.clone();
                gui(paths, vec![Action::OpenReview(out)])
            }
        },
        Some(Command::Open { paths: files, compare }) => {
            // Each corpus keeps its own RON files unless told otherwise.
            if cli.annotations.is_none() {
                paths.annotations = spanbench::session::default_annotations(&files);
            }
            paths.corpus = files;
            let startup = if compare.is_empty() {
                Vec::new()
            } else {
                vec![Action::Compare(compare)]
            };
            gui(paths, startup)
        }
        Some(Command::Check) => commands::check(&paths),
        Some(Command::Import {
            file,
            format,
            skip_bad,
            map,
        }) => commands::import_mapped(&paths, &file, format, skip_bad, &map.unwrap_or_default()),
        Some(Command::Export {
            format,
            output,
            status,
            labels,
            relations,
        }) => commands::export(
            &paths,
            format,
            output.as_deref(),
            status,
            &ExportOptions { labels, relations },
        ),
        Some(Command::Suggest {
            paths: inputs,
            output,
            stats,
            policy,
        }) => spanbench::suggest::cli_suggest(&inputs, output.as_deref(), cli.annotations.as_deref(), stats, policy),
        Some(Command::Eval { gold, pred }) => spanbench::eval::cli_eval(&gold, &pred, &paths.corpus),
        Some(Command::Agree { dirs, json }) => spanbench::agree::cli_agree(&dirs, &paths.corpus, json),
        Some(Command::Adjudicate { dirs, output }) => {
            spanbench::adjudicate::cli_adjudicate(&dirs, &paths.corpus, &output)
        }
        Some(Command::Train {
            from,
            gold,
            out,
            seed,
            epochs,
            runs,
            report,
            limit,
        }) => spanbench::suggest::tagger::cli::cli_train(&spanbench::suggest::tagger::cli::TrainArgs {
            seeds_gold: gold,
            seeds_dir: paths.corpus[0].clone(),
            from,
            out,
            opt: spanbench::suggest::tagger::train::Options { epochs, seed, runs },
            report,
            limit,
        }),
        Some(Command::Gazetteers { from, out }) => spanbench::suggest::cli_build_gazetteers(&from, &out),
    };
    std::process::exit(code);
}

#[cfg(not(feature = "gui"))]
fn gui(_paths: Paths, _startup: Vec<Action>) -> i32 {
    eprintln!("this spanbench was built without the workbench (feature \"gui\")");
    2
}

#[cfg(feature = "gui")]
fn gui(paths: Paths, startup: Vec<Action>) -> i32 {
    match spanbench::app::run_with(paths, startup) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}
