package br.lncc.llm.lesson;

import br.lncc.llm.model.CourseModel;
import br.lncc.llm.text.Message;

/**
 * What the pages say about the course model (the small Portuguese GPT the app pre-trained and
 * ships, Cap. 6): its name, its own prompt and the facts of its card. Views read these here, not
 * in {@code model}; loading it is {@link br.lncc.llm.lesson.ch04.GenerationLab#course()} and the
 * labs' model sources.
 */
public final class CourseModelInfo {
    public static final String NAME = CourseModel.NAME;
    /** A prompt in the course model's language (it only read Portuguese). */
    public static final Message PROMPT = CourseModel.PROMPT;

    private CourseModelInfo() {}

    /** Parameters, corpus, licence… read from the shipped folder; throws if the build lacks it. */
    public static CourseModel.Facts facts() {
        return CourseModel.facts();
    }
}
