"""The playground's option table: every control of the figure and of /playground, declared once.

Ranges follow TensorFlow Playground (noise 0-50, training ratio 10-90 %,
batch 1-30, 0-6 hidden layers of 1-8 neurons, its list of learning and
regularization rates), plus what it lacks: optimizers, schedules,
initialisers, batch norm, dropout, early stopping and 3-5 classes.
"""

from __future__ import annotations

from engine.widgets.options import Option, Options

DATASETS = (("circle", "Circle"), ("xor", "Exclusive or"), ("gauss", "Gaussians"), ("spiral", "Spiral"),
            ("plane", "Plane (regression)"), ("multigauss", "Multi-Gaussian (regression)"),
            ("custom", "Your own data"))
REGRESSION_SETS = ("plane", "multigauss")
MULTICLASS_SETS = ("gauss", "spiral", "custom")
# (option name, label, feature) for the seven input features, in TensorFlow Playground's order.
FEATURE_OPTIONS = (("x1", "x₁"), ("x2", "x₂"), ("x1sq", "x₁²"), ("x2sq", "x₂²"), ("x1x2", "x₁x₂"),
                   ("sinx1", "sin x₁"), ("sinx2", "sin x₂"))
# (Playground's 0.00001 is left out: its text differs between Python, 1e-05, and the page, 0.00001.)
# Whole numbers as ints, so Python and the page write each value the same way ("1", not "1.0").
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REG_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
# Epochs one train call may run: the page asks for at most 200 (static/js/widgets/playground.js), one
# frame's worth; longer runs are server jobs, which report progress and can be cancelled.
MAX_EPOCHS_PER_CALL = 200

OPTIONS = Options(
    Option("dataset", "choice", "circle", choices=DATASETS, label="Data"),
    Option("classes", "integer", 2, min=2, max=5, label="Classes",
           help="3-5 classes for Gaussians, spiral and your own data (softmax and cross-entropy)"),
    Option("noise", "integer", 0, min=0, max=50, step=5, label="Noise"),
    Option("train_ratio", "integer", 50, min=10, max=90, step=10, label="Training data (%)"),
    Option("points", "integer", 500, min=50, max=1000, step=50, label="Points"),
    Option("batch", "integer", 10, min=1, max=30, label="Batch size"),
    Option("seed", "integer", 1, min=0, max=99999, control="number", label="Seed",
           help="the same seed gives the same data, weights and run"),
    *(Option(f"f_{name}", "boolean", name in ("x1", "x2"), label=label) for name, label in FEATURE_OPTIONS),
    Option("layers", "integers", [4, 2], min=1, max=8, length=(0, 6), items="neurons per hidden layer",
           label="Hidden layers"),
    Option("activation", "choice", "tanh", choices=(("relu", "ReLU"), ("tanh", "Tanh"), ("sigmoid", "Sigmoid"),
                                                      ("linear", "Linear")), label="Activation"),
    Option("lr", "choice", 0.03, choices=tuple((r, f"{r:g}") for r in LEARNING_RATES), label="Learning rate"),
    Option("optimizer", "choice", "sgd", choices=(("sgd", "SGD"), ("momentum", "Momentum"),
                                                   ("nesterov", "Nesterov"), ("rmsprop", "RMSProp"),
                                                   ("adam", "Adam")), label="Optimizer"),
    Option("schedule", "choice", "constant", choices=(("constant", "Constant"), ("step", "Step decay"),
                                                       ("exponential", "Exponential decay"),
                                                       ("warmup_cosine", "Cosine with warm-up")),
           label="Learning-rate schedule"),
    Option("regularization", "choice", "none", choices=(("none", "None"), ("l1", "L1"), ("l2", "L2")),
           label="Regularization"),
    Option("reg_rate", "choice", 0, choices=tuple((r, f"{r:g}") for r in REG_RATES),
           label="Regularization rate"),
    Option("init", "choice", "auto", choices=(("auto", "He for ReLU, else Xavier"),
                                               ("xavier_uniform", "Xavier uniform"),
                                               ("xavier_normal", "Xavier normal"), ("he_normal", "He normal"),
                                               ("he_uniform", "He uniform")), label="Initialiser"),
    Option("batch_norm", "boolean", False, label="Batch norm"),
    Option("dropout", "number", 0.0, min=0.0, max=0.5, step=0.05, label="Dropout"),
    Option("early_stop", "boolean", False, label="Early stopping on the test loss"),
    Option("patience", "integer", 30, min=5, max=200, step=5, label="Patience (epochs)"),
    Option("show_test", "boolean", False, label="Show test data"),
    Option("discretize", "boolean", False, label="Discretize output"),
)
