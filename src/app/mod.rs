//! The egui workbench. The only module that knows egui.

use crate::commands::Paths;
use crate::corpus;
use eframe::egui;

/// Opens the workbench window on `paths` and runs until it is closed.
pub fn run(paths: Paths) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("spanbench")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "spanbench",
        options,
        Box::new(move |_cc| Ok(Box::new(Workbench::new(paths)))),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// The workbench state.
pub struct Workbench {
    articles: Vec<corpus::Article>,
    errors: Vec<corpus::LoadError>,
    current: usize,
}

impl Workbench {
    pub fn new(paths: Paths) -> Self {
        let loaded = corpus::load(&paths.corpus);
        Workbench {
            articles: loaded.articles,
            errors: loaded.errors,
            current: 0,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("articles").resizable(true).show(ui, |ui| {
            ui.heading("Articles");
            for (i, a) in self.articles.iter().enumerate() {
                if ui.selectable_label(i == self.current, a.title()).clicked() {
                    self.current = i;
                }
            }
            for e in &self.errors {
                ui.colored_label(egui::Color32::RED, e.to_string());
            }
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(a) = self.articles.get(self.current) {
                    ui.label(&a.text);
                }
            });
        });
    }
}

impl eframe::App for Workbench {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Workbench::ui(self, ui);
    }
}
