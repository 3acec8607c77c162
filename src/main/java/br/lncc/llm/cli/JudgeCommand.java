package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch08.JudgeFragility;
import br.lncc.llm.lesson.ch08.JudgeMaterial;
import br.lncc.llm.lesson.ch08.JudgeFragility.Trial;
import br.lncc.llm.lesson.ch08.JudgeLab;
import br.lncc.llm.lesson.ch08.JudgePairsFile;
import br.lncc.llm.lesson.ch08.JudgeSummary;
import br.lncc.llm.task.ProgressSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Cap. 8.4 / 8.5.4: a causal LM judges pairs of answers in both orders and several wordings; how often does it flip? */
@Command(name = "judge", mixinStandardHelpOptions = true)
public final class JudgeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--pairs")
    Path pairs;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(this::judge);
    }

    private int judge() {
        if (pairs != null && !Files.isRegularFile(pairs)) {
            throw new LessonInputException("lesson.judge.pairsMissing", new Object[] {pairs}, "--pairs " + pairs);
        }
        List<JudgeFragility.Pair> list = pairs == null ? JudgeMaterial.pairs() : JudgePairsFile.read(pairs);
        Path folder = ModelResolver.standard().resolve(model, new StderrProgress());
        var request = new JudgeLab.Request(new JudgeLab.Judge.Folder(folder), list, JudgeMaterial.wordings(), "companion judge");
        var judged = JudgeLab.run(request, json ? opened -> {} : JudgeCommand::printHeader, json ? t -> {} : JudgeCommand::print,
                json ? new StderrProgress() : ProgressSink.NONE);
        if (json) {
            System.out.println(toJson(judged.result()));
        } else {
            printSummary(judged.result().summary());
        }
        return 0;
    }

    private static void printHeader(JudgeLab.Opened judge) {
        System.out.println(text("cli.judge.model", judge.model(), text(judge.chatTemplate() ? "cli.judge.chatml" : "cli.judge.plain")));
        System.out.println(text("cli.judge.tokens", judge.tokens().firstPieces(), judge.tokens().secondPieces()));
        System.out.printf(Locale.ROOT, "%3s  %-13s  %-5s  %-8s  %13s  %10s  %s%n", text("cli.judge.col.pair"), text("cli.judge.col.wording"),
                text("cli.judge.col.order"), text("cli.judge.col.verdict"), text("cli.judge.col.pFirst"), text("cli.judge.col.mass"),
                text("cli.judge.col.reference"));
    }

    private static void print(Trial t) {
        System.out.printf(Locale.ROOT, "%3d  %-13s  %-5s  %-8s  %13.4f  %10.4f  %s%n", t.pair() + 1, t.wording(),
                t.order().code(), t.verdict().code(), t.pFirst(), t.labelMass(), text(t.correct() ? "cli.judge.right" : "cli.judge.wrong"));
    }

    private static void printSummary(JudgeSummary s) {
        System.out.println();
        System.out.println(text("cli.judge.summary", s.trials()));
        line(text("cli.judge.positionFlip"), s.positionFlip());
        line(text("cli.judge.wordingFlip"), s.wordingFlip());
        line(text("cli.judge.firstPosition"), s.firstPosition());
        System.out.printf(Locale.ROOT, "  %-40s %.3g%n", "  " + text("cli.judge.firstPositionP"), s.firstPositionP());
        line(text("cli.judge.accuracy"), s.accuracy());
        System.out.printf(Locale.ROOT, "  %-40s %.4f%n", text("cli.judge.meanMargin"), s.meanMargin());
        System.out.println(text("cli.judge.byWording"));
        for (var w : s.byWording()) {
            System.out.println("  " + text("cli.judge.wordingLine", String.format(Locale.ROOT, "%-13s", w.wording()), w.accuracy().count(),
                    w.accuracy().total(), w.firstPosition().count(), w.firstPosition().total()));
        }
    }

    private static void line(String name, JudgeSummary.Rate r) {
        var ci = r.interval();
        System.out.printf(Locale.ROOT, "  %-40s %d/%d = %s  [%.3f, %.3f]%n", name, r.count(), r.total(),
                r.total() == 0 ? "—" : String.format(Locale.ROOT, "%.3f", r.rate()), ci.low(), ci.high());
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    static ObjectNode toJson(JudgeFragility.Result r) {
        var mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("model", r.model());
        out.put("chat_template", r.chatTemplate() ? "chatml" : "none");
        out.put("complete", r.complete());
        var tokens = out.putObject("verdict_tokens");
        var a = tokens.putArray("A");
        for (long id : r.tokens().firstIds()) a.add(id);
        var b = tokens.putArray("B");
        for (long id : r.tokens().secondIds()) b.add(id);
        var pairs = out.putArray("pairs");
        for (var p : r.pairs()) {
            pairs.addObject().put("question", p.question()).put("answer_a", p.answerA()).put("answer_b", p.answerB())
                    .put("correct", p.correct().code());
        }
        var wordings = out.putArray("wordings");
        for (var w : r.wordings()) wordings.addObject().put("name", w.name()).put("template", w.template());
        var trials = out.putArray("trials");
        for (Trial t : r.trials()) {
            trials.addObject()
                    .put("pair", t.pair() + 1)
                    .put("wording", t.wording())
                    .put("order", t.order().code())
                    .put("prompt", t.prompt())
                    .put("prompt_tokens", t.promptTokens())
                    .put("verdict", t.verdict().code())
                    .put("p_first", t.pFirst())
                    .put("label_mass", t.labelMass())
                    .put("correct", t.correct());
        }
        JudgeSummary s = r.summary();
        var summary = out.putObject("summary");
        rate(summary, "position_flip", s.positionFlip());
        rate(summary, "wording_flip", s.wordingFlip());
        rate(summary, "first_position", s.firstPosition());
        summary.put("first_position_p", s.firstPositionP());
        summary.put("accuracy", number(s.accuracy().rate()));
        interval(summary, "accuracy", s.accuracy());
        summary.put("mean_margin", number(s.meanMargin()));
        summary.put("trials", s.trials());
        var byWording = summary.putArray("by_wording");
        for (var w : s.byWording()) {
            byWording.addObject().put("wording", w.wording()).put("accuracy", number(w.accuracy().rate()))
                    .put("first_position_rate", number(w.firstPosition().rate())).put("trials", w.accuracy().total());
        }
        return out;
    }

    /** {name}_rate, {name}_count, {name}_total and {name}_ci95 = [low, high]. */
    private static void rate(ObjectNode summary, String name, JudgeSummary.Rate r) {
        summary.put(name + "_rate", number(r.rate()));
        interval(summary, name, r);
    }

    private static void interval(ObjectNode summary, String name, JudgeSummary.Rate r) {
        summary.put(name + "_count", r.count());
        summary.put(name + "_total", r.total());
        var ci = r.interval();
        summary.putArray(name + "_ci95").add(ci.low()).add(ci.high());
    }

    /** NaN (nothing counted) is not JSON: it becomes null. */
    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
