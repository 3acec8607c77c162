package br.lncc.llm.ui.home;

import br.lncc.llm.hub.ModelCatalog;
import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Cap. 1 — the first page a student sees: what the companion does, where each chapter comes
 * alive, and which models this machine has. Cap. 1 of the book is the panorama of the field,
 * so its page is the panorama of the app.
 */
public final class WelcomeView extends ScrollPane {

    /** A place in the app worth opening first: its section key and the i18n key describing it. */
    public record Highlight(String section, String textKey) {}

    /** One box per chapter, in book order; every section key has a page (WelcomeViewTest checks). */
    public static final List<List<Highlight>> HIGHLIGHTS = List.of(
            List.of(new Highlight("2.2", "home.h.tokens"), new Highlight("2.5", "home.h.attention"),
                    new Highlight("2.4.7", "home.h.pca"), new Highlight("2.8", "home.h.worked")),
            List.of(new Highlight("3.3", "home.h.rope"), new Highlight("3.7", "home.h.scaling"),
                    new Highlight("3.8", "home.h.moe")),
            List.of(new Highlight("4.2", "home.h.arch"), new Highlight("4.8", "home.h.generation"),
                    new Highlight("4.11", "home.h.kv"), new Highlight("4.15", "home.h.practice")),
            List.of(new Highlight("5.5", "home.h.prompting"), new Highlight("5.7", "home.h.selfConsistency"),
                    new Highlight("5.8", "home.h.context")),
            List.of(new Highlight("6.1", "home.h.pretrain"), new Highlight("6.3", "home.h.loss"), new Highlight("6.5", "home.h.quant")),
            List.of(new Highlight("7.4", "home.h.proof"), new Highlight("7.10", "home.h.lora")),
            List.of(new Highlight("8.2", "home.h.dpo"), new Highlight("8.3", "home.h.rl"),
                    new Highlight("8.4", "home.h.judge")),
            List.of(new Highlight("benchmark", "home.h.benchmark"), new Highlight("notebooks", "home.h.notebooks")));

    /** Models the pages use beyond the embedded BERT, with the chapters that need them. */
    public static final List<String[]> SUGGESTED = List.of(
            new String[] {"openai-community/gpt2", "home.m.gpt2"},
            new String[] {"google/flan-t5-small", "home.m.t5"},
            new String[] {"HuggingFaceTB/SmolLM2-135M-Instruct", "home.m.smollm"},
            new String[] {"Qwen/Qwen2.5-0.5B-Instruct", "home.m.qwen"});

    private final I18n i18n;
    private final VBox models = new VBox(4);
    /** What the catalog last found: the model list is drawn again from it on a language switch. */
    private List<ModelEntry> present = List.of();

    public WelcomeView(PageContext ctx) {
        this.i18n = ctx.i18n();
        var box = new VBox(10);
        box.getStyleClass().add("page");
        box.getChildren().addAll(label("home.title", "page-title"), label("home.intro", null),
                label("home.start", "page-heading"));
        var cards = new FlowPane(12, 12);
        for (int c = 0; c < HIGHLIGHTS.size(); c++) {
            var card = new VBox(2);
            card.getStyleClass().add("home-card");
            card.setPrefWidth(300);
            card.setMinWidth(Region.USE_PREF_SIZE);
            card.getChildren().add(label("home.chapter." + (c + 2), "home-card-title"));
            for (Highlight h : HIGHLIGHTS.get(c)) {
                var link = new Hyperlink();
                String number = h.section().matches("[0-9.]+") ? h.section() + "  " : "";
                link.textProperty().bind(javafx.beans.binding.Bindings.concat(number, i18n.text(h.textKey())));
                link.setWrapText(true);
                link.setId("home-link-" + h.section().replace('.', '-'));
                link.setOnAction(e -> ctx.navigate().accept(h.section()));
                card.getChildren().add(link);
            }
            cards.getChildren().add(card);
        }
        models.setId("home-models");
        box.getChildren().addAll(cards, label("home.models", "page-heading"), label("home.modelsIntro", null), models,
                label("home.tips", "page-heading"), label("home.tipsText", null));
        setContent(box);
        setFitToWidth(true);
        i18n.localeProperty().addListener((o, a, b) -> showModels(present));
        refreshModels();
    }

    private Label label(String key, String styleClass) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setWrapText(true);
        if (styleClass != null) l.getStyleClass().add(styleClass);
        return l;
    }

    /** The catalog reads the HF cache and model folders: off the FX thread. */
    private void refreshModels() {
        CompletableFuture.supplyAsync(() -> ModelCatalog.standard().list()).whenComplete((list, error) ->
                Platform.runLater(() -> showModels(error == null ? list : List.of())));
    }

    private void showModels(List<ModelEntry> present) {
        this.present = present;
        models.getChildren().clear();
        var bert = new Label(i18n.get("home.m.bert"));
        bert.setWrapText(true);
        bert.getStyleClass().add("home-model-ready");
        models.getChildren().add(bert);
        for (String[] s : SUGGESTED) {
            boolean ready = isPresent(present, s[0]);
            var l = new Label((ready ? "✓ " : "○ ") + s[0] + " — " + i18n.get(s[1])
                    + (ready ? "" : "  " + i18n.get("home.m.get", s[0])));
            l.setWrapText(true);
            l.getStyleClass().add(ready ? "home-model-ready" : "home-model-missing");
            l.setId("home-model-" + s[0].replace('/', '-'));
            models.getChildren().add(l);
        }
    }

    /** Ready in the catalog under its Hub id, or its short name (a cache may list "gpt2"). */
    static boolean isPresent(List<ModelEntry> entries, String hubId) {
        String shortName = hubId.substring(hubId.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (ModelEntry e : entries) {
            String id = e.id().toLowerCase(Locale.ROOT);
            if (e.isReady() && (id.equals(hubId.toLowerCase(Locale.ROOT)) || id.equals(shortName)
                    || id.endsWith("/" + shortName))) {
                return true;
            }
        }
        return false;
    }
}
