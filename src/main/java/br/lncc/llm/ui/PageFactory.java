package br.lncc.llm.ui;

import javafx.scene.Node;

/** Builds the page of one book section; called once, on the JavaFX thread, when first opened. */
@FunctionalInterface
public interface PageFactory {
    Node create(PageContext ctx);
}
