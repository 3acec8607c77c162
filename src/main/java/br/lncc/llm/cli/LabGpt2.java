package br.lncc.llm.cli;

import br.lncc.llm.hub.ModelResolver;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.train.LabModelSource;

/** The GPT-2 of `bench train` and `bench quant`: the one named by --model, or GPT-2 small's shape with random weights. */
final class LabGpt2 {
    private LabGpt2() {}

    static LabModelSource source(String model) {
        return model == null
                ? new LabModelSource.RandomShape(Gpt2.Config.gpt2Small(), "gpt2-small (pesos aleatórios)", 0)
                : new LabModelSource.Folder(ModelResolver.standard().resolve(model, new StderrProgress()));
    }
}
