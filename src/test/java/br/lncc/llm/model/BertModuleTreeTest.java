package br.lncc.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.weights.EmbeddedBertFixture;
import br.lncc.llm.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

class BertModuleTreeTest {

    static final String EXPECTED = """
            BertModel(
              (embeddings): BertEmbeddings(
                (word_embeddings): Embedding(30522, 768, padding_idx=0)
                (position_embeddings): Embedding(512, 768)
                (token_type_embeddings): Embedding(2, 768)
                (LayerNorm): LayerNorm((768,), eps=1e-12, elementwise_affine=True)
                (dropout): Dropout(p=0.1, inplace=False)
              )
              (encoder): BertEncoder(
                (layer): ModuleList(
                  (0-11): 12 x BertLayer(
                    (attention): BertAttention(
                      (self): BertSdpaSelfAttention(
                        (query): Linear(in_features=768, out_features=768, bias=True)
                        (key): Linear(in_features=768, out_features=768, bias=True)
                        (value): Linear(in_features=768, out_features=768, bias=True)
                        (dropout): Dropout(p=0.1, inplace=False)
                      )
                      (output): BertSelfOutput(
                        (dense): Linear(in_features=768, out_features=768, bias=True)
                        (LayerNorm): LayerNorm((768,), eps=1e-12, elementwise_affine=True)
                        (dropout): Dropout(p=0.1, inplace=False)
                      )
                    )
                    (intermediate): BertIntermediate(
                      (dense): Linear(in_features=768, out_features=3072, bias=True)
                      (intermediate_act_fn): GELUActivation()
                    )
                    (output): BertOutput(
                      (dense): Linear(in_features=3072, out_features=768, bias=True)
                      (LayerNorm): LayerNorm((768,), eps=1e-12, elementwise_affine=True)
                      (dropout): Dropout(p=0.1, inplace=False)
                    )
                  )
                )
              )
              (pooler): BertPooler(
                (dense): Linear(in_features=768, out_features=768, bias=True)
                (activation): Tanh()
              )
            )""";

    @Test
    void printsTheTreeOfN102() {
        var config = BertConfig.read(EmbeddedBertFixture.folder());
        assertEquals(EXPECTED, BertModuleTree.render(config));
    }

    @Test
    void countsParametersLikePyTorch() {
        var config = BertConfig.read(EmbeddedBertFixture.folder());
        assertEquals(109_482_240L, BertModuleTree.bertModelParameters(config));
        assertEquals(109_514_298L, BertModuleTree.maskedLmParameters(config));
        assertEquals(7_087_872L, BertModuleTree.layerParameters(config));
    }

    /** The count from the config equals the elements actually stored under bert.* in the checkpoint. */
    @Test
    void countMatchesTheTensorsOnDisk() {
        try (var file = SafetensorsFile.open(EmbeddedBertFixture.folder().resolve("model.safetensors"))) {
            long bert = file.names().stream().filter(n -> n.startsWith("bert."))
                    .mapToLong(n -> file.info(n).elementCount()).sum();
            assertEquals(109_482_240L, bert);
        }
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("1e-12", BertModuleTree.pythonFloat(1e-12));
        assertEquals("1e-05", BertModuleTree.pythonFloat(1e-5));
        assertEquals("0.1", BertModuleTree.pythonFloat(0.1));
        assertTrue(BertModuleTree.pythonFloat(2.5e-7).equals("2.5e-07"));
    }
}
