package br.lncc.llm.ui.shell;

import br.lncc.llm.ui.ChapterPages;
import br.lncc.llm.ui.I18n;
import java.util.function.Consumer;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * The page of an entry without an interactive part yet: its title, its subsections (links) and
 * a plain statement that the interactive part is not available yet. Nothing is invented here.
 */
final class PlaceholderPage extends ScrollPane {

    PlaceholderPage(TocEntry entry, TocEntry chapter, ChapterPages pages, I18n i18n, Consumer<String> navigate) {
        var box = new VBox(10);
        box.getStyleClass().add("page");
        setId("placeholder-page");
        var title = new Label();
        title.getStyleClass().add("page-title");
        title.setWrapText(true);
        if (entry.special()) title.textProperty().bind(i18n.text(entry.title()));
        else if (entry.isChapter()) title.textProperty().bind(i18n.text("toc.chapter", entry.number(), entry.title()));
        else title.setText(entry.number() + "  " + entry.title());
        box.getChildren().add(title);

        if (!entry.special() && !entry.isChapter() && chapter != null) {
            var where = new Label();
            where.getStyleClass().add("page-subtitle");
            where.textProperty().bind(i18n.text("toc.chapter", chapter.number(), chapter.title()));
            box.getChildren().add(where);
        }

        var statement = new Label();
        statement.setId("not-available");
        statement.getStyleClass().add("page-statement");
        statement.setWrapText(true);
        boolean anyBelow = entry.children().stream().anyMatch(c -> hasPageBelow(c, pages));
        statement.textProperty().bind(i18n.text(anyBelow ? "page.someInteractive" : "page.notAvailable"));
        box.getChildren().add(statement);

        if (!entry.children().isEmpty()) {
            var heading = new Label();
            heading.getStyleClass().add("page-heading");
            heading.textProperty().bind(i18n.text(entry.isChapter() ? "page.sections" : "page.subsections"));
            box.getChildren().add(heading);
            var list = new VBox(2);
            list.getStyleClass().add("page-section-list");
            for (TocEntry c : entry.children()) {
                var link = new Hyperlink(c.number() + "  " + c.title());
                link.setWrapText(true);
                if (hasPageBelow(c, pages)) link.getStyleClass().add("toc-interactive");
                link.setOnAction(e -> navigate.accept(c.number()));
                list.getChildren().add(link);
            }
            box.getChildren().add(list);
        }
        setContent(box);
        setFitToWidth(true);
    }

    private static boolean hasPageBelow(TocEntry e, ChapterPages pages) {
        if (pages.hasOwnPage(e.number())) return true;
        return e.children().stream().anyMatch(c -> hasPageBelow(c, pages));
    }
}
