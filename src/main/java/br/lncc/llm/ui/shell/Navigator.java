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
            private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

            {
                // Long chapter titles wrap inside the pane instead of running off its right edge
                // ("Cap. 6 · Pré-treinamento e Otimização Computacional de…" was cut).
                setWrapText(true);
                setPrefWidth(0);
            }

            // TreeCellSkin measures the wrapped height without the indentation and the disclosure
            // arrow, so a three-line title got two lines and an ellipsis: measure it here.
            @Override
            protected double computePrefHeight(double width) {
                double h = super.computePrefHeight(width);
                if (width <= 0 || getText() == null || getTreeItem() == null || getTreeView() == null) return h;
                double em = getFont().getSize();
                int level = getTreeView().getTreeItemLevel(getTreeItem()) - (getTreeView().isShowRoot() ? 0 : 1);
                // Modena indents each level by 1em (-fx-indent) and gives the disclosure arrow
                // 14 px of padding plus 0.46em. Measuring levels at 10 px cut "2.4.1  Comprimento da
                // sequência" at 1.5× (one line measured, two needed) and left a blank line above
                // "3.4  Rotary Embeddings (RoPE)" (two measured, one needed).
                double textWidth = width - snappedLeftInset() - snappedRightInset() - level * em - (14 + 0.46 * em) - 2;
                if (textWidth <= 0) return h;
                var t = new javafx.scene.text.Text(getText());
                t.setFont(getFont());
                t.setWrappingWidth(textWidth);
                return Math.max(h, Math.ceil(t.getLayoutBounds().getHeight()) + snappedTopInset() + snappedBottomInset());
            }

            @Override
            protected void updateItem(TocEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                getStyleClass().removeAll("toc-chapter", "toc-special", "toc-interactive");
                if (empty || entry == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(label(entry, i18n));
                boolean lab = pages.hasOwnPage(entry.number());
                tip.setText(label(entry, i18n) + "\n" + i18n.get(lab ? "nav.legend.lab" : "nav.legend.text"));
                setTooltip(tip);
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
