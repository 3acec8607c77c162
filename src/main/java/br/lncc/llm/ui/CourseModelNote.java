package br.lncc.llm.ui;

import br.lncc.llm.lesson.CourseModelInfo;

/**
 * The one sentence every page shows next to the course model, so nobody mistakes it for GPT-2:
 * what it is, its size, its corpus and licence, and where to get GPT-2 or Qwen instead.
 */
public final class CourseModelNote {
    private CourseModelNote() {}

    public static String text(I18n i18n) {
        try {
            var f = CourseModelInfo.facts();
            return i18n.get("course.note", f.parameters(), f.corpus(), f.license());
        } catch (RuntimeException e) {
            return i18n.get("course.noteShort");
        }
    }
}
