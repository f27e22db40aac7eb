"""A test plugin whose model names are HTML: they must be shown as text, never run."""
import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")

XSS = "<img src=x onerror=alert(1)>"


@hookimpl
def open_models():
    return [
        {
            "repo_id": "pot-xss/evil-model",
            "name": XSS,
            "params_b": 1,
            "active_params_b": 1,
            "layers": 16,
            "hidden_size": 2048,
            "attention_heads": 32,
            "kv_heads": 8,
            "head_dim": 64,
            "context_length": 8192,
            "license": XSS,
            "source_url": "https://example.com/pot-xss/model",
            "as_of": "2026-11-01",
        }
    ]


@hookimpl
def api_prices():
    return [
        {
            "provider": "pot-xss",
            "model_id": XSS,
            "name": XSS,
            "input_per_mtok": "1",
            "output_per_mtok": "2",
            "source_url": "https://example.com/pot-xss/pricing",
            "as_of": "2026-11-01",
        }
    ]
