"""torch.nn's module classes, one file per family as in PyTorch (so `type(m)` prints
`<class 'torch.nn.modules.linear.Linear'>`)."""
from .activation import (CELU, ELU, GELU, GLU, SELU, Hardshrink, Hardsigmoid, Hardswish,
                         Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, Mish, MultiheadAttention,
                         PReLU, ReLU, ReLU6, RReLU, SiLU, Sigmoid, Softmax, Softmax2d, Softmin,
                         Softplus, Softshrink, Softsign, Tanh, Tanhshrink, Threshold)
from .adaptive import AdaptiveLogSoftmaxWithLoss
from .container import (ModuleDict, ModuleList, ParameterDict, ParameterList,
                        Sequential)
from .conv import (Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d,
                   ConvTranspose3d)
from .data_parallel import DataParallel
from .distance import CosineSimilarity, PairwiseDistance
from .dropout import (AlphaDropout, ChannelShuffle, Dropout, Dropout1d, Dropout2d, Dropout3d,
                      FeatureAlphaDropout, Flatten, Fold, PixelShuffle, PixelUnshuffle, Unflatten,
                      Unfold)
from .lazy import (LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d, LazyConv1d, LazyConv2d,
                   LazyConv3d, LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d,
                   LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d, LazyLinear)
from .linear import Bilinear, Identity, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CosineEmbeddingLoss, CrossEntropyLoss, CTCLoss,
                   GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss,
                   LinearCrossEntropyLoss, MarginRankingLoss, MSELoss, MultiLabelMarginLoss,
                   MultiLabelSoftMarginLoss, MultiMarginLoss, NLLLoss, NLLLoss2d,
                   PoissonNLLLoss, SmoothL1Loss, SoftMarginLoss, TripletMarginLoss,
                   TripletMarginWithDistanceLoss)
from .module import Module
from .normalization import (BatchNorm1d, BatchNorm2d, BatchNorm3d, CrossMapLRN2d, Embedding,
                            EmbeddingBag, GroupNorm, InstanceNorm1d, InstanceNorm2d,
                            InstanceNorm3d, LayerNorm, LocalResponseNorm, RMSNorm,
                            SyncBatchNorm)
from .padding import (CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d,
                      ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
                      ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, ZeroPad1d, ZeroPad2d,
                      ZeroPad3d)
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d,
                      AdaptiveMaxPool2d, AdaptiveMaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d,
                      FractionalMaxPool2d, FractionalMaxPool3d, LPPool1d, LPPool2d, LPPool3d,
                      MaxPool1d, MaxPool2d, MaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d)
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell, RNNBase, RNNCellBase
from .transformer import (Transformer, TransformerDecoder, TransformerDecoderLayer,
                          TransformerEncoder, TransformerEncoderLayer)

__all__ = [
    "Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
    "Identity", "Linear", "Unflatten", "Conv1d",
    "Conv2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d", "LayerNorm", "LocalResponseNorm", "CrossMapLRN2d", "MaxUnpool1d", "MaxUnpool2d",
    "MaxUnpool3d", "BatchNorm1d", "BatchNorm2d", "Embedding", "Dropout",
    "Flatten", "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "CELU", "SELU", "GELU", "SiLU",
    "Mish", "Tanh", "Sigmoid", "Softplus", "Softsign", "Hardtanh", "Hardswish", "Hardsigmoid",
    "LogSigmoid", "Tanhshrink", "Softmax", "LogSoftmax", "Softmin", "MSELoss", "L1Loss",
    "SmoothL1Loss", "HuberLoss", "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss",
    "RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell",
    "Softmax2d", "Hardshrink", "Softshrink", "Threshold", "GLU", "RReLU", "KLDivLoss",
    "CosineEmbeddingLoss", "MarginRankingLoss", "HingeEmbeddingLoss", "TripletMarginLoss",
    "PoissonNLLLoss", "GaussianNLLLoss", "SoftMarginLoss", "MultiLabelMarginLoss",
    "MultiLabelSoftMarginLoss", "MultiMarginLoss", "CTCLoss", "EmbeddingBag",
    "InstanceNorm1d", "InstanceNorm2d",
    "GroupNorm", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
    "FeatureAlphaDropout", "Unfold", "Fold", "PixelShuffle", "PixelUnshuffle", "LPPool1d",
    "LPPool2d", "LPPool3d", "ConstantPad3d", "ZeroPad3d", "ReflectionPad1d", "ReflectionPad2d",
    "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
    "CircularPad1d", "CircularPad2d", "CircularPad3d", "RMSNorm", "BatchNorm3d", "ChannelShuffle",
    "TripletMarginWithDistanceLoss", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d",
    "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d", "AdaptiveAvgPool3d",
    "InstanceNorm3d", "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "FractionalMaxPool2d", "FractionalMaxPool3d",
    "CosineSimilarity", "PairwiseDistance", "ConstantPad1d",
    "ConstantPad2d", "ZeroPad1d", "ZeroPad2d", "Bilinear", "MultiheadAttention",
    "TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
    "TransformerDecoder", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
    "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Conv3d", "MaxPool3d",
    "AvgPool3d", "Transformer", "AdaptiveLogSoftmaxWithLoss", "LazyBatchNorm1d",
    "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d",
    "LazyInstanceNorm3d", "NLLLoss2d", "LinearCrossEntropyLoss", "SyncBatchNorm", "DataParallel",
]

# PyTorch's module file for the classes that live in another file here (class printing
# derives `torch.nn.modules.<file>.<name>` from __module__).
for _name, _file in {"LazyLinear": "linear", "LazyConv1d": "conv", "LazyConv2d": "conv",
                     "LazyConv3d": "conv", "LazyConvTranspose1d": "conv",
                     "LazyConvTranspose2d": "conv", "LazyConvTranspose3d": "conv",
                     "Flatten": "flatten", "Unflatten": "flatten", "BatchNorm1d": "batchnorm",
                     "BatchNorm2d": "batchnorm", "BatchNorm3d": "batchnorm",
                     "SyncBatchNorm": "batchnorm",
                     "InstanceNorm1d": "instancenorm", "InstanceNorm3d": "instancenorm",
                     "InstanceNorm2d": "instancenorm", "Embedding": "sparse",
                     "EmbeddingBag": "sparse", "Unfold": "fold", "Fold": "fold",
                     "PixelShuffle": "pixelshuffle", "PixelUnshuffle": "pixelshuffle",
                     "ChannelShuffle": "channelshuffle", "LazyBatchNorm1d": "batchnorm",
                     "LazyBatchNorm2d": "batchnorm", "LazyBatchNorm3d": "batchnorm",
                     "LazyInstanceNorm1d": "instancenorm", "LazyInstanceNorm2d": "instancenorm",
                     "LazyInstanceNorm3d": "instancenorm", "MaxUnpool3d": "pooling"}.items():
    globals()[_name].__module__ = f"gradcli.nn.modules.{_file}"
