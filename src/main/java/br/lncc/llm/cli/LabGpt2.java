package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import br.lncc.llm.lesson.LabModelSource;

/**
 * The GPT-2 of `bench train` and `bench quant`: the one named by --model; by default the course
 * model the app pre-trained and ships (a model that learned something, so quantization errors and
 * greedy outputs mean something offline); {@value #RANDOM_GPT2_SMALL} for GPT-2 small's shape
 * with random weights (a speed measurement at the real size, nothing to read in its text).
 */
final class LabGpt2 {
    static final String RANDOM_GPT2_SMALL = "random-gpt2-small";
    static final String COURSE = "course-gpt2-foca";

    private LabGpt2() {}

    static LabModelSource source(String model) {
        if (model == null || model.equals(COURSE)) return new LabModelSource.Course();
        if (model.equals(RANDOM_GPT2_SMALL)) return LabModelSource.randomGpt2Small(CompanionCommand.text("cli.randomGpt2Small"), 0);
        return new LabModelSource.Folder(ModelResolver.standard().resolve(model, new StderrProgress()));
    }

    /** The course model only read Portuguese: an English prompt means nothing to it. */
    static String defaultPrompt(LabModelSource source, String english) {
        return source instanceof LabModelSource.Course ? Messages.render(Messages.PT_BR, Message.of("pretrain.course.prompt")) : english;
    }
}
