package br.lncc.llm.ui.bench;

import br.lncc.llm.bench.CompleterLoader;
import br.lncc.llm.ui.PageContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The Benchmark entry of the navigator: the energy benchmark (seed 001), the prompt-repetition
 * sentiment experiment (seed 000) and the rarity-based model selection (seed 002), one tab each.
 */
public final class BenchmarkPage extends BorderPane {

    public BenchmarkPage(PageContext ctx, CompleterLoader models) {
        setId("benchmark-page");
        getStylesheets().add(BenchmarkPage.class.getResource("bench.css").toExternalForm());
        var i18n = ctx.i18n();
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(i18n.text("bench.title"));
        var subtitle = new Label();
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.setWrapText(true);
        subtitle.textProperty().bind(i18n.text("bench.subtitle"));
        var header = new VBox(4, title, subtitle);
        header.getStyleClass().add("page");

        var energy = new Tab();
        energy.textProperty().bind(i18n.text("bench.tab.energy"));
        energy.setContent(new EnergyPane(ctx, models));
        var sentiment = new Tab();
        sentiment.textProperty().bind(i18n.text("bench.tab.sentiment"));
        sentiment.setContent(new SentimentPane(ctx, models));
        var rarity = new Tab();
        rarity.textProperty().bind(i18n.text("bench.tab.rarity"));
        rarity.setContent(new RarityPane(ctx));
        var tabs = new TabPane(energy, sentiment, rarity);
        tabs.setId("benchmark-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setTop(header);
        setCenter(tabs);
    }
}
