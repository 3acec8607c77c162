package br.lncc.llm.lesson.ch08;

import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import br.lncc.llm.lesson.ch08.JudgeFragility.Result;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import br.lncc.llm.lesson.ch08.JudgeFragility.VerdictTokens;
import br.lncc.llm.lesson.ch08.JudgeFragility.Wording;
import br.lncc.llm.task.ProgressSink;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The judge lab of Cap. 8.4 (page 8.4 and {@code companion judge}): open the chosen judge from the
 * shared model registry, find its verdict tokens, judge every pair in both orders and every wording,
 * and give the model back. The page and the command only collect the request and draw or print
 * what arrives; neither holds a model.
 */
public final class JudgeLab {
    private JudgeLab() {}

    /** Which model judges. */
    public sealed interface Judge {
        /** A Hugging Face folder (a downloaded or chosen causal LM; instruct models are the book's judges). */
        record Folder(Path folder) implements Judge {}

        /** The course model shipped with the app: a judge with nothing downloaded. */
        record Course() implements Judge {}

        /** The project's tiny random Qwen2: shows the method, decides by chance. */
        record RandomTiny(long seed) implements Judge {}
    }

    /** {@code holder} is how the model manager lists who holds the model ("8.4", "companion judge"). */
    public record Request(Judge judge, List<Pair> pairs, List<Wording> wordings, String holder) {
        public Request {
            pairs = List.copyOf(pairs);
            wordings = List.copyOf(wordings);
        }
    }

    /** What is known once the judge is open, before its first verdict. */
    public record Opened(String model, boolean chatTemplate, VerdictTokens tokens) {}

    /** A finished (or cancelled) run and the folder of the model that judged (hashed in the experiment record; null for the tiny model). */
    public record Judged(Result result, Path folder) {}

    /**
     * Runs {@code request} on the calling (background) thread: {@code opened} hears once the model is
     * open, {@code onTrial} every verdict as it is reached.
     */
    public static Judged run(Request request, Consumer<Opened> opened, Consumer<Trial> onTrial, ProgressSink progress) {
        try (JudgeModel m = open(request.judge(), request.holder())) {
            var judge = m.judge();
            opened.accept(new Opened(m.name(), judge.usesChatTemplate(), judge.tokens()));
            return new Judged(judge.run(request.pairs(), request.wordings(), onTrial, progress), m.folder());
        }
    }

    /** The judge's model, leased under {@code holder}; close it to give it back. */
    public static JudgeModel open(Judge judge, String holder) {
        if (judge instanceof Judge.Folder f) return JudgeModel.open(f.folder(), holder);
        if (judge instanceof Judge.RandomTiny t) return JudgeModel.randomTiny(t.seed(), holder);
        return JudgeModel.open(br.lncc.llm.model.CourseModel.folder(), holder);
    }
}
