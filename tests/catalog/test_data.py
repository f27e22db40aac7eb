"""Every built-in record: sourced, dated, in range; and the catalog holds what it promises."""

from __future__ import annotations

from collections import Counter
from datetime import date

from catalog.records import GPU_NAMES, RECORD_TYPES


def test_builtin_plugins_load_without_errors(catalog):
    assert catalog.errors == []
    assert all(info.builtin for info in catalog.plugins)


def test_every_record_has_a_source_and_a_past_date(catalog):
    today = date.today()
    for kind in RECORD_TYPES:
        for key, record in catalog.table(kind).items():
            assert record.source_url.startswith(("https://", "http://")), key
            assert record.as_of <= today, f"{kind} {key} dated in the future: {record.as_of}"


def test_api_prices_cover_the_headline_models(catalog):
    assert len(catalog.api) > 1000
    gpt4o = catalog.api["openai/gpt-4o"]
    assert (gpt4o.input_per_mtok, gpt4o.output_per_mtok) == (2.5, 10)
    for record in catalog.api.values():
        assert 0 <= record.input_per_mtok <= 1000, record.key
        assert 0 <= record.output_per_mtok <= 5000, record.key


def test_finetune_offers_from_five_providers(catalog):
    providers = Counter(o.provider for o in catalog.finetune.values())
    assert len(catalog.finetune) >= 15
    assert len(providers) >= 5
    for offer in catalog.finetune.values():
        if offer.training_per_mtok is not None:
            assert 0.1 <= offer.training_per_mtok <= 200, offer.key
        if offer.open_model:
            assert offer.open_model in catalog.models, f"{offer.key} names unknown model {offer.open_model}"


def test_openai_fine_tuning_is_closing_with_announced_dates(catalog):
    openai = [o for o in catalog.finetune.values() if o.provider == "openai"]
    assert openai
    for offer in openai:
        life = offer.lifecycle
        assert life.status in ("closing", "closed"), offer.key
        if life.status == "closing":
            assert life.no_new_jobs_after == date(2027, 1, 6), offer.key
        else:
            assert life.shutdown and life.shutdown <= date.today(), offer.key
    shut_on_14th = {o.base_model.split("-20")[0] for o in openai if o.lifecycle.shutdown == date(2027, 1, 14)}
    assert {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"} <= shut_on_14th


def test_gpu_offers_cover_every_canonical_gpu_on_eight_clouds(catalog):
    assert len(catalog.gpus) >= 60
    assert len({o.cloud for o in catalog.gpus.values()}) >= 8
    covered = Counter(o.gpu for o in catalog.gpus.values())
    assert set(GPU_NAMES) <= set(covered), set(GPU_NAMES) - set(covered)
    for offer in catalog.gpus.values():
        assert 0.1 <= offer.per_gpu_hour <= 30, offer.key
        if offer.spot_per_hour is not None:
            assert offer.spot_per_hour <= offer.on_demand_per_hour * 2, offer.key


def test_gpu_specs_for_every_canonical_gpu(catalog):
    assert set(catalog.specs) == set(GPU_NAMES)
    h100 = catalog.specs["H100-SXM"]
    assert h100.bf16_tflops == 989 and h100.bandwidth_tbps == 3.35


def test_open_models(catalog):
    assert len(catalog.models) >= 15
    llama8 = catalog.models["meta-llama/Llama-3.1-8B-Instruct"]
    assert (llama8.layers, llama8.kv_heads, llama8.head_dim) == (32, 8, 128)
    for model in catalog.models.values():
        assert model.head_dim * model.attention_heads >= model.hidden_size * 0.5, model.key


def test_use_cases_keep_every_seed_view(catalog):
    assert len(catalog.usecases) >= 10
    documents = {v.document for u in catalog.usecases.values() for v in u.views}
    assert len(documents) == 5
    sentiment = catalog.usecases["sentiment_analysis"]
    assert len({v.verdict for v in sentiment.views}) > 1, "the seeds disagree on sentiment analysis"
    for use_case in catalog.usecases.values():
        for view in use_case.views:
            assert view.url and view.title, (use_case.id, view.document)
