package br.lncc.llm.ui.shell;

import java.util.List;

/**
 * One entry of the book's table of contents: a chapter ("2"), section ("2.5") or subsection
 * ("2.5.4"), or one of the app's own entries (Benchmark, Notebooks) whose number is its page key
 * and whose title is an i18n key.
 */
public record TocEntry(String number, String title, List<TocEntry> children, boolean special) {

    public TocEntry {
        children = List.copyOf(children);
    }

    public boolean isChapter() {
        return !special && number.indexOf('.') < 0;
    }

    /** "2" for "2.5.4". */
    public String chapterNumber() {
        int dot = number.indexOf('.');
        return dot < 0 ? number : number.substring(0, dot);
    }
}
