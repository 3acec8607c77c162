package br.lncc.llm.ui.shell;

import br.lncc.llm.ui.ChapterPages;
import br.lncc.llm.ui.I18n;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/** The book's table of contents as a tree; entries with their own interactive page are marked. */
final class Navigator extends TreeView<TocEntry> {

    Navigator(List<TocEntry> toc, ChapterPages pages, I18n i18n) {
        setId("navigator");
        var root = new TreeItem<TocEntry>();
        for (TocEntry e : toc) root.getChildren().add(item(e));
        setRoot(root);
        setShowRoot(false);
        setCellFactory(tv -> new TreeCell<>() {
            @Override
            protected void updateItem(TocEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                getStyleClass().removeAll("toc-chapter", "toc-special", "toc-interactive");
                if (empty || entry == null) {
                    setText(null);
                    return;
                }
                setText(label(entry, i18n));
                if (entry.isChapter()) getStyleClass().add("toc-chapter");
                if (entry.special()) getStyleClass().add("toc-special");
                if (pages.hasOwnPage(entry.number())) getStyleClass().add("toc-interactive");
            }
        });
        i18n.localeProperty().addListener((o, a, b) -> refresh());
    }

    static String label(TocEntry e, I18n i18n) {
        if (e.special()) return i18n.get(e.title());
        if (e.isChapter()) return i18n.get("toc.chapter", e.number(), e.title());
        return e.number() + "  " + e.title();
    }

    private static TreeItem<TocEntry> item(TocEntry e) {
        var item = new TreeItem<>(e);
        for (TocEntry c : e.children()) item.getChildren().add(item(c));
        return item;
    }

    /** Selects (and reveals) the entry with this number/key. */
    boolean select(String key) {
        Optional<TreeItem<TocEntry>> found = find(getRoot(), key);
        found.ifPresent(item -> {
            for (var p = item.getParent(); p != null; p = p.getParent()) p.setExpanded(true);
            getSelectionModel().select(item);
            int row = getRow(item);
            if (row >= 0) scrollTo(Math.max(0, row - 3));
        });
        return found.isPresent();
    }

    static Optional<TreeItem<TocEntry>> find(TreeItem<TocEntry> item, String key) {
        if (item.getValue() != null && item.getValue().number().equals(key)) return Optional.of(item);
        for (var c : item.getChildren()) {
            var f = find(c, key);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }
}
