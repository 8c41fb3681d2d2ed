"""The memory exercises agree with the library's memory model and checkpointing counts."""

from backprop_lib import exercises, training_memory as memory


def test_activation_bytes_is_the_model_term():
    ex = exercises.catalog()["training_memory.activation_bytes"]
    d = ex.data
    assert ex.reference() == memory.memory_model(d["sizes"], d["batch_size"], dtype="float32").activations
    fn = exercises.catalog()["training_memory.activation_bytes_function"].reference()
    for case in exercises.catalog()["training_memory.activation_bytes_function"].cases:
        dtype = {2: "float16", 4: "float32", 8: "float64"}[case["bytes_per_value"]]
        assert fn(**case) == memory.memory_model(case["sizes"], case["batch_size"], dtype=dtype).activations


def test_checkpoint_evaluations_is_the_counted_number():
    ex = exercises.catalog()["training_memory.checkpoint_evaluations"]
    assert ex.reference() == memory.memory_model([8] * 17, 1, segments=4, keep_errors=False).layer_evaluations
