package br.lncc.llm.cli;

import br.lncc.llm.lesson.ch06.PretrainLab;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pretrain`: a GPT-2 from scratch on a text corpus (Cap. 6.1–6.4), saved as a Hugging Face folder. */
@Command(name = "pretrain", mixinStandardHelpOptions = true)
public final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true)
    Path corpus;

    @Option(names = "--tokenizer", defaultValue = "bpe:2048")
    String tokenizer;

    @Option(names = "--layers", defaultValue = "4")
    int layers;

    @Option(names = "--heads", defaultValue = "4")
    int heads;

    @Option(names = "--dim", defaultValue = "128")
    int dim;

    @Option(names = "--context", defaultValue = "128")
    int context;

    @Option(names = "--steps", defaultValue = "1000")
    int steps;

    @Option(names = "--batch", defaultValue = "16")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3")
    double lr;

    @Option(names = "--seed", defaultValue = "1337")
    long seed;

    @Option(names = "--eval-every")
    Integer evalEvery;

    @Option(names = "--corpus-license", defaultValue = "")
    String corpusLicense;

    @Option(names = "--corpus-source", defaultValue = "")
    String corpusSource;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--resume")
    boolean resume;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        return CliErrors.run(() -> {
            try (StopOnSignal signal = new StopOnSignal()) {
                var plan = new PretrainLab.Plan(tokenizer, layers, heads, dim, context, steps, batch, lr, seed, evalEvery);
                var r = PretrainLab.run(corpus, plan, out, resume, corpusLicense, corpusSource, new StderrEvents(),
                        new StderrProgress(signal::requested));
                if (!r.completed()) {
                    System.err.println(text("cli.pretrain.interrupted", r.steps(), out));
                }
                if (json) {
                    var o = new ObjectMapper().createObjectNode();
                    o.put("params", r.parameters());
                    o.put("vocab_size", r.vocabSize());
                    o.put("steps", r.steps());
                    o.put("final_train_loss", r.finalTrainLoss());
                    o.put("final_val_loss", r.finalValLoss());
                    o.put("unigram_entropy", r.unigramEntropy());
                    o.put("ln_vocab", r.lnVocab());
                    o.put("tokens_per_s", r.tokensPerSecond());
                    o.put("seconds", r.seconds());
                    System.out.println(o);
                } else {
                    System.out.println(text("cli.pretrain.done", fixed("%,d", r.parameters()), r.vocabSize(), r.steps(),
                            fixed("%.4f", r.finalTrainLoss()), fixed("%.4f", r.finalValLoss()), fixed("%.4f", r.unigramEntropy()),
                            fixed("%.4f", r.lnVocab()), fixed("%.0f", r.tokensPerSecond()), fixed("%.0f", r.seconds()), out));
                }
                return r.completed() ? 0 : 130;
            }
        });
    }

    /** Curves and samples on stderr, so a log of the run shows how the text changes. */
    private static final class StderrEvents implements java.util.function.Consumer<PretrainLab.Event> {
        private int merges;

        @Override
        public void accept(PretrainLab.Event event) {
            if (event instanceof PretrainLab.Event.Merge m) {
                merges++;
                if (merges <= 10 || merges % 256 == 0) {
                    System.err.println(text("cli.pretrain.merge", m.rank() + 1, m.left(), m.right(), m.id(), fixed("%,d", m.count())));
                }
            } else if (event instanceof PretrainLab.Event.Prepared p) {
                System.err.println(text("cli.pretrain.prepared", p.corpusName(), fixed("%,d", p.corpusChars()), fixed("%,d", p.trainTokens()),
                        fixed("%,d", p.valTokens()), fixed("%.2f", p.compression()), p.vocabSize(), p.tokenizer(), fixed("%,d", p.parameters()),
                        p.memoryBytes() >> 20, fixed("%.4f", p.lnVocab()), fixed("%.4f", p.unigramEntropy()), p.prompts(), p.startStep()));
            } else if (event instanceof PretrainLab.Event.Eval e) {
                System.err.println(text("cli.pretrain.eval", e.step(), fixed("%.4f", e.trainLoss()), fixed("%.4f", e.valLoss()),
                        fixed("%.1f", Math.exp(e.valLoss()))));
            } else if (event instanceof PretrainLab.Event.Measuring q) {
                System.err.println(text("cli.pretrain.measuring", q.samples()));
            } else if (event instanceof PretrainLab.Event.Sample s) {
                System.err.printf(Locale.ROOT, "  [%d] %s|%s%n", s.step(), s.prompt(), s.continuation().replace("\n", "⏎"));
            }
        }
    }

    private static String text(String key, Object... args) {
        return CompanionCommand.text(key, args);
    }

    private static String fixed(String format, Object... values) {
        return CompanionCommand.fixed(format, values);
    }
}
