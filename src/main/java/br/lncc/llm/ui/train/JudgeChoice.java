package br.lncc.llm.ui.train;

import br.lncc.llm.hub.ModelEntry;
import br.lncc.llm.lesson.ch08.JudgeLab;
import br.lncc.llm.ui.ch04.LabModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A model the judge page can open: a downloaded or chosen folder, the course model, or the project's random tiny Qwen2. */
sealed interface JudgeChoice {

    /** What the judge lab opens for this entry. */
    JudgeLab.Judge judge();

    /** Instruct-tuned, judging by its name: the kind of model the book has in mind as a judge. */
    boolean instruct();

    record Folder(String id, Path path) implements JudgeChoice {
        @Override
        public JudgeLab.Judge judge() {
            return new JudgeLab.Judge.Folder(path);
        }

        @Override
        public boolean instruct() {
            String name = id.toLowerCase(Locale.ROOT);
            return name.contains("instruct") || name.contains("-chat") || name.endsWith("-it");
        }
    }

    /** The course model (the default with nothing downloaded). */
    record Course() implements JudgeChoice {
        @Override
        public JudgeLab.Judge judge() {
            return new JudgeLab.Judge.Course();
        }

        @Override
        public boolean instruct() {
            return false;
        }
    }

    record RandomTiny(long seed) implements JudgeChoice {
        @Override
        public JudgeLab.Judge judge() {
            return new JudgeLab.Judge.RandomTiny(seed);
        }

        @Override
        public boolean instruct() {
            return false;
        }
    }

    /**
     * Ready causal LMs on this machine: instruct models first (the judges the book has in mind),
     * then the course model (the default with nothing downloaded), the other base models, and last
     * the random tiny judge.
     */
    static List<JudgeChoice> available() {
        List<JudgeChoice> out = new ArrayList<>();
        try {
            for (ModelEntry e : LabModel.candidates()) out.add(new Folder(e.id(), e.path()));
        } catch (RuntimeException ignored) {
            // An unreadable catalog leaves the course model, the tiny judge and the folder button.
        }
        out.sort(Comparator.comparing(c -> !c.instruct()));
        int firstBase = (int) out.stream().filter(JudgeChoice::instruct).count();
        out.add(firstBase, new Course());
        out.add(new RandomTiny(42));
        return out;
    }
}
