"""PyTorch's saved attributes of each backward node: the `_saved_<name>` a node answers and,
of those, the ones that are tensors (which also answer `_raw_saved_<name>`, and which
saved-tensor hooks pack, in the order of their names). Recorded from torch 2.13.0's
`torch._C._functions` (`dir()` of each node class); read by `autograd.graph` the first time
a program reads a `_saved_` attribute, so start-up never parses it.

One line per node: `Name:tensor names|other names`.
"""
from __future__ import annotations

_TABLE = """\
AbsBackward0:self|
AccumulateGrad:|
AcosBackward0:self|
AcoshBackward0:self|
AcoshBackward1:|
AdaptiveAvgPool2DBackward0:self|
AdaptiveAvgPool2DBackwardBackward0:|grad_output_sym_argsize_minus_1 grad_output_sym_argsize_minus_2
AdaptiveAvgPool3DBackward0:self|
AdaptiveAvgPool3DBackwardBackward0:|grad_output_sym_argsize_minus_1 grad_output_sym_argsize_minus_2 grad_output_sym_argsize_minus_3
AdaptiveMaxPool2DBackward0:result1 self|
AdaptiveMaxPool2DBackwardBackward0:indices|
AdaptiveMaxPool3DBackward0:result1 self|
AdaptiveMaxPool3DBackwardBackward0:indices|
AddBackward0:|alpha
AddBackward1:|
AddbmmBackward0:batch1 batch2|alpha batch1_sym_argsize_0 batch1_sym_argsize_1 batch2_sym_argsize_2 beta
AddcdivBackward0:tensor1 tensor2|value
AddcmulBackward0:tensor1 tensor2|value
AddmmBackward0:mat1 mat2|alpha beta mat1_sym_sizes mat1_sym_strides mat2_sym_sizes mat2_sym_strides
AddmvBackward0:mat vec|alpha beta
AddrBackward0:vec1 vec2|alpha beta
AffineGridGeneratorBackward0:|align_corners size
AliasBackward0:|
AliasBackward0_copy:|
AmaxBackward0:result self|dim keepdim
AminBackward0:result self|dim keepdim
AminmaxBackward0:max min self|dim keepdim
AngleBackward0:self|
AsStridedBackward0:|size storage_offset stride
AsStridedBackward0_copy:|size storage_offset stride
AsStridedBackward1:|size storage_offset stride
AsStridedScatterBackward0:|size storage_offset stride
AsinBackward0:self|
AsinhBackward0:self|
AsinhBackward1:|
Atan2Backward0:other self|
AtanBackward0:self|
AtanhBackward0:self|
AtanhBackward1:|
AvgPool2DBackward0:self|ceil_mode count_include_pad divisor_override kernel_size padding stride
AvgPool2DBackwardBackward0:|ceil_mode count_include_pad divisor_override kernel_size padding stride
AvgPool3DBackward0:self|ceil_mode count_include_pad divisor_override kernel_size padding stride
AvgPool3DBackwardBackward0:|ceil_mode count_include_pad divisor_override kernel_size padding stride
BaddbmmBackward0:batch1 batch2|alpha beta
BatchNormBackwardBackward0:grad_out input reserve running_mean running_var save_mean save_var weight|eps update
BatchNormNoUpdateBackward0:input result1 result2 result3 running_mean running_var weight|eps
BatchNormWithUpdateBackward0:input result1 result2 result3 running_mean running_var weight|eps
BernoulliBackward0:|
BernoulliBackward1:|
BernoulliBackward2:|
BinaryCrossEntropyBackward0:self target weight|reduction
BinaryCrossEntropyBackwardBackward0:grad_output self target weight|reduction
BinaryCrossEntropyWithLogitsBackward0:pos_weight self target weight|reduction
BlockDiagBackward0:|
BmmBackward0:mat2 self|
CatBackward0:|dim
CauchyBackward0:|
CdistBackward0:result x1 x2|p
CdistBackwardBackward0:|
CeilBackward0:|
CeluBackward0:self|alpha
CeluBackward1:result|alpha
ChannelShuffleBackward0:|groups
CholeskyBackward0:result|upper
CholeskyInverseBackward0:result self|upper
CholeskySolveBackward0:input2 result self|upper
ChunkBackward0:|
ChunkBackwardAutogradNestedTensor0:self|chunks dim
ClampBackward0:max min self|
ClampBackward1:self|max min
ClampMaxBackward0:self|max
ClampMaxBackward1:max self|
ClampMinBackward0:self|min
ClampMinBackward1:min self|
CloneBackward0:|
CoalesceBackward0:|
Col2ImBackward0:|dilation kernel_size padding stride
ComplexBackward0:imag real|
ConjBackward0:|
ConjBackward0_copy:|
ConjPhysicalBackward0:|
ConjPhysicalBackward1:|
ConstantPadNdBackward0:|pad
ConvDepthwise2DBackward0:self weight|bias_sym_sizes_opt dilation padding stride
ConvDepthwise3DBackward0:self weight|bias_sym_sizes_opt dilation padding stride
ConvTbcBackward0:bias self weight|pad
ConvolutionBackward0:input weight|bias_sym_sizes_opt dilation groups output_padding padding stride transposed
ConvolutionBackward1:input weight|bias_sym_sizes_opt dilation groups output_padding padding stride transposed
ConvolutionBackwardBackward0:grad_output input weight|dilation groups output_padding padding stride transposed
ConvolutionBackwardOverrideableBackward0:grad_output input weight|dilation groups output_padding padding stride transposed
ConvolutionOverrideableBackward0:input weight|dilation groups output_padding padding stride transposed
CopyBackwards:|
CopySlices:|
CopysignBackward0:result self|
CopysignBackward1:result self|
CosBackward0:self|
CoshBackward0:self|
CtcLossBackward0:log_probs result0 result1 targets|blank input_lengths target_lengths zero_infinity
CtcLossBackward1:input_lengths log_probs result0 result1 target_lengths targets|blank zero_infinity
CudnnAffineGridGeneratorBackward0:|C H N W
CudnnAttentionBackward0:attn_bias cum_seq_k cum_seq_q key logsumexp output philox_offset philox_seed query value|dropout_p is_causal max_k max_q scale
CudnnBatchNormBackward0:input result1 result2 result3 running_mean running_var weight|epsilon training
CudnnBatchNormBackwardBackward0:grad_output input reserveSpace running_mean running_var save_mean save_var weight|epsilon
CudnnConvolutionBackward0:self weight|dilation groups padding stride
CudnnConvolutionTransposeBackward0:self weight|dilation groups output_padding padding stride
CudnnCtcLossBackward0:result0 result1|zero_infinity
CudnnCtcLossBackward1:result0 result1|zero_infinity
CudnnGridSamplerBackward0:grid self|
CudnnGridSamplerBackwardBackward0:grad_output grid self|
CudnnRnnBackward0:cx dropout_state hx input result0 result3 result4 weight|batch_first batch_sizes bidirectional dropout hidden_size mode num_layers proj_size train weight_stride0
CudnnRnnBackwardBackward0:|
CummaxBackward0:indices self|dim
CumminBackward0:indices self|dim
CumprodBackward0:result self|dim
CumsumBackward0:|dim
Deg2RadBackward0:|
DiagEmbedBackward0:|dim1 dim2 offset
DiagonalBackward0:|dim1 dim2 offset self_sym_sizes
DiagonalBackward0_copy:|dim1 dim2 offset self_sym_sizes
DiagonalBackwardBackward0:|dim1 dim2 offset
DiagonalScatterBackward0:|dim1 dim2 offset
DigammaBackward0:self|
DistBackward0:other result self|p
DivBackward0:other self|
DivBackward1:|other
DivBackward2:other self|rounding_mode
DivBackward3:|other rounding_mode
DotBackward0:self tensor|
EfficientAttentionBackward0:bias cu_seqlens_k cu_seqlens_q key logsumexp output philox_offset philox_seed query value|custom_mask_type dropout_p max_seqlen_batch_k max_seqlen_batch_q scale
EluBackward0:self|alpha input_scale scale
EluBackward1:result|alpha input_scale scale
EluBackwardBackward0:grad_output self_or_result|alpha input_scale is_result scale
EmbeddingBackward0:indices|padding_idx scale_grad_by_freq sparse weight_sym_argsize_0
EmbeddingBagBackward0:indices offsets per_sample_weights result1 result2 result3 weight|mode padding_idx scale_grad_by_freq sparse weight_sym_argsize_0
EmbeddingBagBackwardBackward0:|
EmbeddingBagDenseBackwardBackward0:|
EmbeddingDenseBackwardBackward0:indices|padding_idx
EmbeddingRenormBackward0:|
EqBackward0:|
EqBackward1:|
ErfBackward0:self|
ErfcBackward0:self|
ErfinvBackward0:self|
EuclideanDistBackward0:result x1 x2|
Exp2Backward0:result|
ExpBackward0:result|
ExpandBackward0:|self_sym_sizes
ExpandBackward0_copy:|self_sym_sizes
Expm1Backward0:result|
ExponentialBackward0:|
FakeQuantizeLearnablePerChannelAffineBackward0:scale self zero_point|axis grad_factor quant_max quant_min
FakeQuantizeLearnablePerTensorAffineBackward0:scale self zero_point|grad_factor quant_max quant_min
FakeQuantizePerChannelAffineCachemaskBackward0:mask|
FakeQuantizePerTensorAffineCachemaskBackward0:mask|
FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0:mask|
FftC2CBackward0:|dim forward normalization
FftC2RBackward0:|dim normalization
FftR2CBackward0:self|dim normalization onesided
FillBackward0:|
FillBackward1:|
FillBackward2:|
FillBackward3:|
FlashAttentionBackward0:cum_seq_k cum_seq_q key output query rng_state softmax_logsumexp unused value|dropout_p is_causal max_k max_q scale window_size_left window_size_right
FlipBackward0:|dims
FloorBackward0:|
FmaxBackward0:other self|
FminBackward0:other self|
FmodBackward0:|
FmodBackward1:other self|
ForeachDivBackward0:other self|
ForeachMaximumBackward0:self|scalar
ForeachMaximumBackward1:self|scalars
ForeachMinimumBackward0:self|scalar
ForeachMinimumBackward1:self|scalars
ForeachMmBackward0:mat2 self|
ForeachNormBackward0:result self|ord
ForeachPowBackward0:exponent result self|
ForeachPowBackward1:self|exponent
ForeachPowBackward2:exponent result|self
FracBackward0:|
FractionalMaxPool2DBackward0:result1 self|kernel_size output_size
FractionalMaxPool2DBackwardBackward0:indices|
FractionalMaxPool3DBackward0:result1 self|kernel_size output_size
FractionalMaxPool3DBackwardBackward0:indices|
FrexpBackward0:exponent|
FusedDropoutBackward0:result1|p
FusedMovingAvgObsFqHelperBackward0:mask|
FusedRmsNormBackward0:input result1 weight|normalized_shape
GatherBackward0:index self|dim sparse_grad
GeBackward0:|
GeBackward1:|
GeluBackward0:self|approximate
GeluBackwardBackward0:grad_output self|approximate
GeometricBackward0:|
GeqrfBackward0:|
GluBackward0:self|dim
GluBackwardBackward0:grad_output self|dim
GridSampler2DBackward0:grid input|align_corners interpolation_mode padding_mode
GridSampler2DBackwardBackward0:grad_output grid input|align_corners interpolation_mode padding_mode
GridSampler2DCpuFallbackBackward0:grid input|align_corners interpolation_mode padding_mode
GridSampler2DCpuFallbackBackwardBackward0:grad_output grid input|align_corners interpolation_mode padding_mode
GridSampler3DBackward0:grid input|align_corners interpolation_mode padding_mode
GridSampler3DBackwardBackward0:grad_output grid input|align_corners interpolation_mode padding_mode
GroupedMmBackward0:mat2 offs self|mat2_sym_sizes mat2_sym_strides self_sym_sizes self_sym_strides
GtBackward0:|
GtBackward1:|
HardshrinkBackward0:self|lambd
HardshrinkBackwardBackward0:self|lambd
HardsigmoidBackward0:self|
HardswishBackward0:self|
HardswishBackwardBackward0:grad_output self|
HardtanhBackward0:self|max_val min_val
HardtanhBackwardBackward0:self|max_val min_val
HuberLossBackward0:self target|delta reduction
HuberLossBackwardBackward0:grad_output self target|delta reduction
HypotBackward0:other result self|
I0Backward0:self|
IgammaBackward0:other self|
IgammacBackward0:other self|
Im2ColBackward0:|dilation kernel_size padding self_sym_argsize_minus_1 self_sym_argsize_minus_2 stride
IndexAddBackward0:index source|alpha dim source_dim
IndexBackward0:indices|self_sym_sizes
IndexCopyBackward0:index source|dim source_dim
IndexFillBackward0:index|dim
IndexFillBackward1:index|dim
IndexPutBackward0:indices|accumulate
IndexPutImplBackward0:indices|accumulate
IndexReduceBackward0:index result self source|dim include_self reduce
IndexSelectBackward0:index|dim self_sym_sizes
KthvalueBackward0:indices|dim keepdim self_sym_sizes
LazyCloneBackward0:|
LdexpBackward0:other result|
LeBackward0:|
LeBackward1:|
LeakyReluBackward0:self|negative_slope
LeakyReluBackward1:result|negative_slope
LeakyReluBackwardBackward0:self|negative_slope
LerpBackward0:|weight
LerpBackward1:end self weight|
LgammaBackward0:self|
LiftBackward0:|
LiftFreshBackward0:|
LiftFreshBackward0_copy:|
LinalgCholeskyExBackward0:L|upper
LinalgCrossBackward0:other self|dim
LinalgDetBackward0:A LU pivots result|
LinalgEigBackward0:eigenvalues eigenvectors|
LinalgEighBackward0:eigenvalues eigenvectors|
LinalgHouseholderProductBackward0:input result tau|
LinalgInvExBackward0:inverse|
LinalgLstsqBackward0:b self solution|
LinalgLuBackward0:L P U|pivot
LinalgLuFactorExBackward0:LU pivots|pivot
LinalgLuSolveBackward0:LU pivots result|adjoint left
LinalgMatrixExpBackward0:self|
LinalgPinvBackward0:result self|
LinalgQrBackward0:Q R|mode
LinalgSlogdetBackward0:A LU pivots sign|
LinalgSolveExBackward0:A LU pivots result|left
LinalgSolveTriangularBackward0:result self|left unitriangular upper
LinalgSvdBackward0:S U Vh|S_sym_argsize_minus_1 full_matrices
LinalgVectorNormBackward0:result self|dim keepdim ord
LinearBackward0:input weight|
LinearBackwardBackward0:grad_output self weight|
Log10Backward0:self|
Log1PBackward0:self|
Log2Backward0:self|
LogBackward0:self|
LogNormalBackward0:|
LogSigmoidBackward0:buffer self|
LogSigmoidBackwardBackward0:buffer grad_output self|
LogSoftmaxBackward0:result|dim
LogSoftmaxBackwardDataBackward0:grad_output output|dim
Logaddexp2Backward0:other self|
LogaddexpBackward0:other self|
LogcumsumexpBackward0:result self|dim
LogitBackward0:self|eps
LogsumexpBackward0:result self|dim keepdim
LstmMpsBackward0:hx input params result3 result4 result5|batch_first bidirectional dropout has_biases num_layers train
LtBackward0:|
LtBackward1:|
LuUnpackBackward0:|LU_data_sym_argsize_minus_1 LU_data_sym_argsize_minus_2
MaskedFillBackward0:mask|
MaskedFillBackward1:mask|
MaskedScatterBackward0:mask|source_sym_sizes
MaskedScatterBackwardBackward0:mask|
MaskedSelectBackward0:mask self|
MaskedSoftmaxBackward0:mask result|dim
MatmulBackward0:other self|
MaxBackward0:indices|dim keepdim self_sym_sizes
MaxBackward1:result self|
MaxPool2DBackward0:self|ceil_mode dilation kernel_size padding stride
MaxPool2DBackwardBackward0:|
MaxPool2DWithIndicesBackward0:result1 self|ceil_mode dilation kernel_size padding stride
MaxPool2DWithIndicesBackwardBackward0:indices|
MaxPool3DWithIndicesBackward0:result1 self|ceil_mode dilation kernel_size padding stride
MaxPool3DWithIndicesBackwardBackward0:indices|
MaxUnpool2DBackward0:indices|
MaxUnpool3DBackward0:indices|
MaximumBackward0:other self|
MeanBackward0:|self_sym_numel self_sym_sizes
MeanBackward1:|dim keepdim self_sym_numel self_sym_sizes
MeanBackwardAutogradNestedTensor0:self|self_sym_numel
MedianBackward0:result self|
MedianBackward1:indices|dim keepdim self_sym_sizes
MinBackward0:indices|dim keepdim self_sym_sizes
MinBackward1:result self|
MinimumBackward0:other self|
MiopenBatchNormBackward0:input result1 result2 running_mean running_var weight|epsilon training
MiopenBatchNormBackwardBackward0:grad_output input running_mean running_var save_mean save_var weight|epsilon
MiopenConvolutionBackward0:self weight|bias_sym_sizes_opt dilation groups padding stride
MiopenConvolutionTransposeBackward0:self weight|bias_sym_sizes_opt dilation groups output_padding padding stride
MiopenCtcLossBackward0:result0 result1|zero_infinity
MiopenCtcLossBackward1:result0 result1|zero_infinity
MiopenDepthwiseConvolutionBackward0:self weight|bias_sym_sizes_opt dilation groups padding stride
MiopenRnnBackward0:cx dropout_state hx input result0 result3 result4 weight|batch_first batch_sizes bidirectional dropout hidden_size mode num_layers train weight_stride0
MishBackward0:self|
MkldnnAdaptiveAvgPool2DBackward0:self|
MkldnnConvolutionBackward0:self weight|bias_sym_sizes_opt dilation groups padding stride
MkldnnLinearBackward0:self weight|
MkldnnMaxPool2DBackward0:result self|ceil_mode dilation kernel_size padding stride
MkldnnMaxPool3DBackward0:result self|ceil_mode dilation kernel_size padding stride
MkldnnReshapeBackward0:|self_sym_sizes
MkldnnRnnLayerBackward0:cx_ hx_ input result0 result1 result2 result3 weight0 weight1 weight2 weight3|batch_first batch_sizes bidirectional has_biases hidden_size mode num_layers reverse train
MmBackward0:mat2 self|mat2_sym_sizes mat2_sym_strides self_sym_sizes self_sym_strides
ModeBackward0:indices|dim keepdim self_sym_sizes
MpsConvolutionBackward0:self weight|dilation groups padding stride
MpsConvolutionBackwardBackward0:grad_output self weight|dilation groups padding stride
MpsConvolutionTransposeBackward0:self weight|dilation groups output_padding padding stride
MseLossBackward0:self target|reduction
MseLossBackwardBackward0:grad_output self target|reduction
MulBackward0:other self|
MulBackward1:|other
MultiMarginLossBackward0:self target weight|margin p reduction
MultilabelMarginLossBackward0:is_target self target|reduction
MvBackward0:self vec|
MvlgammaBackward0:self|p
NanToNumBackward0:self|
NanmedianBackward0:result self|
NanmedianBackward1:indices|dim keepdim self_sym_sizes
NansumBackward0:self|dim keepdim
NarrowCopyBackward0:|dim length self_sym_sizes start
NativeBatchNormBackward0:input result1 result2 running_mean running_var weight|eps training
NativeBatchNormBackwardBackward0:grad_out input running_mean running_var save_invstd save_mean weight|eps train
NativeBatchNormLegitBackward0:input result1 result2 running_mean running_var weight|eps training
NativeBatchNormLegitBackward1:input result1 result2 weight|eps training
NativeBatchNormLegitNoTrainingBackward0:input result1 result2 running_mean running_var weight|eps
NativeDropoutBackward0:result1|p
NativeDropoutBackwardBackward0:grad_output mask|scale
NativeGroupNormBackward0:input result1 result2 weight|C HxW N eps group
NativeLayerNormBackward0:bias input result1 result2 weight|normalized_shape
NativeLayerNormBackwardBackward0:grad_out input mean rstd weight|normalized_shape
NeBackward0:|
NeBackward1:|
NegBackward0:|
NegViewBackward0:|
NegViewBackward0_copy:|
NestedFromPaddedBackward0:padded|fuse_transform_0213
NestedFromPaddedTensorBackward0:|padded_sym_sizes
NestedGetValuesBackward0:self|
NestedGetValuesBackward0_copy:self|
NestedTensorFromMaskBackward0:|t_sym_sizes
NestedTensorFromTensorListBackward0:list|
NestedViewFromBufferBackward0:|
NestedViewFromBufferBackward0_copy:|
NestedViewFromJaggedBackward0:|
NestedViewFromJaggedBackward0_copy:|
NextafterBackward0:other self|
NllLoss2DBackward0:self target total_weight weight|ignore_index reduction
NllLoss2DBackwardBackward0:target weight|ignore_index reduction
NllLossBackward0:self target total_weight weight|ignore_index reduction
NllLossBackwardBackward0:target weight|ignore_index reduction
NnpackSpatialConvolutionBackward0:input weight|bias_sym_sizes_opt padding stride
NormBackward0:result self|p
NormBackward1:result self|dim keepdim p
NormBackward2:result self|p
NormBackward3:result self|dim keepdim p
NormalBackward0:|
NormalBackward1:|mean_sym_sizes
NormalBackward2:|std_sym_sizes
NormalBackward3:|mean_sym_sizes std_sym_sizes
OrmqrBackward0:input2 input3 result self|left transpose
PackPaddedSequenceBackward0:result1|batch_first input_sym_sizes
PdistBackward0:result self|p
PdistBackwardBackward0:|
PermuteBackward0:|dims
PermuteBackward0_copy:|dims
PinMemoryBackward0:|
PixelShuffleBackward0:|upscale_factor
PixelUnshuffleBackward0:|downscale_factor
PoissonBackward0:|
PolarBackward0:result|
PolygammaBackward0:self|n
PolygammaBackward1:self|n
PowBackward0:self|exponent
PowBackward1:exponent result self|
PowBackward2:exponent result|self
PreluKernelBackward0:self weight|
PreluKernelBackwardBackward0:grad_output self weight|
ProdBackward0:result self|
ProdBackward1:result self|dim keepdim
PutBackward0:index source|accumulate
Rad2DegBackward0:|
RandomBackward0:|
RandomBackward1:|
RandomBackward2:|
ReciprocalBackward0:result|
ReflectionPad1DBackward0:self|padding
ReflectionPad1DBackwardBackward0:|padding
ReflectionPad2DBackward0:self|padding
ReflectionPad2DBackwardBackward0:|padding
ReflectionPad3DBackward0:self|padding
ReflectionPad3DBackwardBackward0:|padding
ReluBackward0:result|
RemainderBackward0:|
RemainderBackward1:other self|
RenormBackward0:self|dim maxnorm p
RepeatBackward0:|repeats self_sym_sizes
ReplicationPad1DBackward0:self|padding
ReplicationPad1DBackwardBackward0:|padding
ReplicationPad2DBackward0:self|padding
ReplicationPad2DBackwardBackward0:|padding
ReplicationPad3DBackward0:self|padding
ReplicationPad3DBackwardBackward0:|padding
ReshapeAliasBackward0:|self_sym_sizes
ReshapeAliasBackward0_copy:|self_sym_sizes
ReshapeCopyBackward0:|self_sym_sizes
RollBackward0:|dims shifts
Rot90Backward0:|dims k
RoundBackward0:|
RoundBackward1:|
RreluWithNoiseBackward0:noise self|lower training upper
RreluWithNoiseBackward1:noise result|lower training upper
RreluWithNoiseBackwardBackward0:noise self|lower training upper
RreluWithNoiseFunctionalBackward0:noise self|lower training upper
RsqrtBackward0:result|
RsubBackward0:|alpha
RsubBackward1:|alpha
SafeSoftmaxBackward0:result|dim
ScaledDotProductCudnnAttentionBackward0:attn_bias cum_seq_k cum_seq_q key logsumexp output philox_offset philox_seed query value|dropout_p is_causal max_k max_q scale
ScaledDotProductEfficientAttentionBackward0:attn_bias key log_sumexp output philox_offset philox_seed query value|dropout_p is_causal scale
ScaledDotProductFlashAttentionBackward0:cum_seq_k cum_seq_q key logsumexp output query rng_state unused value|dropout_p is_causal max_k max_q scale
ScaledDotProductFlashAttentionForCpuBackward0:attn_mask key logsumexp output query value|dropout_p is_causal scale
ScaledDotProductFusedAttentionOverrideableBackward0:attn_bias cum_seq_k cum_seq_q key logsumexp output philox_offset philox_seed query value|dropout_p is_causal max_k max_q scale
ScatterAddBackward0:index|dim
ScatterBackward0:index|dim
ScatterBackward1:index|dim
ScatterReduceBackward0:index result self src|dim include_self reduce
SegmentReduceBackward0:data lengths offsets result|axis initial reduce
SelectBackward0:|dim index self_sym_sizes
SelectBackward0_copy:|dim index self_sym_sizes
SelectBackwardAutogradNestedTensor0:self|dim index
SelectBackwardAutogradNestedTensor0_copy:self|dim index
SelectBackwardBackward0:|dim index
SelectScatterBackward0:|dim index
SendRpcBackward:|
SgnBackward0:result self|
SigmoidBackward0:result|
SigmoidBackwardBackward0:grad_output output|
SignBackward0:|
SiluBackward0:self|
SinBackward0:self|
SincBackward0:self|
SinhBackward0:self|
SliceBackward0:|dim end self_sym_sizes start step
SliceBackward0_copy:|dim end self_sym_sizes start step
SliceBackwardBackward0:|dim end start step
SliceInverseBackward0:|dim end start step
SliceScatterBackward0:|dim end start step
SlowConv2DBackward0:self weight|kernel_size padding stride
SlowConv2DBackwardBackward0:grad_output self weight|padding stride
SlowConv3DBackward0:self weight|bias_sym_sizes_opt padding stride
SlowConvDilated2DBackward0:self weight|bias_sym_sizes_opt dilation padding stride
SlowConvDilated3DBackward0:self weight|bias_sym_sizes_opt dilation padding stride
SlowConvTranspose2DBackward0:self weight|bias_sym_sizes_opt dilation output_padding padding stride
SlowConvTranspose3DBackward0:self weight|bias_sym_sizes_opt dilation output_padding padding stride
SmoothL1LossBackward0:self target|beta reduction
SmoothL1LossBackwardBackward0:grad_output self target|beta reduction
SoftMarginLossBackward0:self target|reduction
SoftMarginLossBackwardBackward0:grad_output self target|reduction
SoftmaxBackward0:result|dim
SoftmaxBackwardDataBackward0:grad_output output|dim
SoftplusBackward0:self|beta threshold
SoftplusBackwardBackward0:grad_output self|beta threshold
SoftshrinkBackward0:self|lambd
SoftshrinkBackwardBackward0:self|lambd
SortBackward0:indices|dim self_sym_sizes
SortBackward1:indices|dim self_sym_sizes
SparseAddmmBackward0:mat1 mat2|alpha beta mat2_sym_sizes mat2_sym_strides
SparseCompressedTensorBackward0:result values|
SparseCooTensorWithDimsAndTensorsBackward0:result|
SparseLogSoftmaxBackward0:result self|dim
SparseMaskBackward0:mask|
SparseMmReduceImplBackward0:other result1 self|reduce
SparseSampledAddmmBackward0:mat1 mat2 self|alpha beta
SparseSoftmaxBackward0:result self|dim
SparseSparseMatmulBackward0:other self|
SparseSumBackward0:self|dim
SpecialEntrBackward0:self|
SpecialErfcxBackward0:result self|
SpecialI0EBackward0:result self|
SpecialI1Backward0:result self|
SpecialI1EBackward0:result self|
SpecialLogNdtrBackward0:result self|
SpecialNdtriBackward0:result|
SpecialXlog1PyBackward0:other self|
SpecialXlog1PyBackward1:other|self
SpecialXlog1PyBackward2:self|other
SpecialZetaBackward0:other self|
SpecialZetaBackward1:other|self
SpecialZetaBackward2:|
SplitBackward0:|dim self_sym_sizes split_size
SplitBackward0_copy:|dim self_sym_sizes split_size
SplitWithSizesBackward0:|dim self_sym_sizes split_sizes
SplitWithSizesBackward0_copy:|dim self_sym_sizes split_sizes
SplitWithSizesBackwardAutogradNestedTensor0:self|dim split_sizes
SplitWithSizesBackwardAutogradNestedTensor0_copy:self|dim split_sizes
SqrtBackward0:result|
SqueezeBackward0:|self_sym_sizes
SqueezeBackward0_copy:|self_sym_sizes
SqueezeBackward1:|dim self_sym_sizes
SqueezeBackward1_copy:|dim self_sym_sizes
SqueezeBackward2:|dim self_sym_sizes
SqueezeBackward2_copy:|dim self_sym_sizes
SqueezeBackward3:|self_sym_sizes
SqueezeBackward4:|dim self_sym_sizes
SqueezeBackward5:|dim self_sym_sizes
SqueezeBackwardAutogradNestedTensor0:|dim
SqueezeBackwardAutogradNestedTensor0_copy:|dim
SqueezeBackwardAutogradNestedTensor1:|dim self_dim
SqueezeBackwardAutogradNestedTensor1_copy:|dim self_dim
StackBackward0:|dim
StandardGammaBackward0:result self|
StandardGammaGradBackward0:|
StdBackward0:result self|correction dim keepdim
StdMeanBackward0:result0 self|correction dim keepdim
SubBackward0:|alpha
SubBackward1:|
SumBackward0:|self_sym_sizes
SumBackward1:|dim keepdim self_sym_sizes
SumBackwardAutogradNestedTensor0:self|
SumBackwardAutogradNestedTensor1:self|dim keepdim
TBackward0:|
TBackward0_copy:|
TBackward1:|
TakeBackward0:index self|
TanBackward0:result|
TanhBackward0:result|
TanhBackwardBackward0:grad_output output|
TestAutogradMultipleDispatchBackward0:|self_sym_sizes
TestAutogradMultipleDispatchBackwardAutogradCUDA0:|self_sym_sizes
TestAutogradMultipleDispatchBackwardAutogradNestedTensor0:|
TestAutogradMultipleDispatchBackwardAutogradNestedTensor1:|
TestAutogradMultipleDispatchViewBackward0:self|
TestAutogradMultipleDispatchViewBackward0_copy:self|
TestAutogradMultipleDispatchViewBackwardAutogradCUDA0:self|
TestAutogradMultipleDispatchViewBackwardAutogradCUDA0_copy:self|
TestWarnInAutogradBackward0:|
ThnnFusedGruCellBackward0:hidden_bias hidden_gates hx input_bias input_gates result1|
ThnnFusedLstmCellBackward0:cx hidden_bias hidden_gates input_bias input_gates result1 result2|
ThresholdBackward0:self|threshold
ThresholdBackward1:self|threshold
ThresholdBackwardBackward0:self|threshold
ToCopyBackward0:|
ToDenseBackward0:self|
ToMkldnnBackward0:self|
ToPaddedTensorBackward0:self|
ToSparseBackward0:|self_self_sym_blocksize_opt
ToSparseBackward1:|self_self_sym_blocksize_opt
ToSparseBscBackward0:|self_self_sym_blocksize_opt
ToSparseBsrBackward0:|self_self_sym_blocksize_opt
ToSparseCscBackward0:|self_self_sym_blocksize_opt
ToSparseCsrBackward0:|self_self_sym_blocksize_opt
TopkBackward0:indices|dim self_sym_sizes
TraceBackward0:|self_sym_sizes
TransposeBackward0:|dim0 dim1
TransposeBackward0_copy:|dim0 dim1
TransposeBackward1:|dim0 dim1
TriangularSolveBackward0:A self solution|transpose unitriangular upper
TrilBackward0:|diagonal
TrilinearBackward0:i1 i2 i3|expand1 expand2 expand3 sumdim
TriuBackward0:|diagonal
TruncBackward0:|
UnbindBackward0:|dim
UnbindBackward0_copy:|dim
UnbindBackwardAutogradNestedTensor0:self|dim
UnbindBackwardAutogradNestedTensor0_copy:self|dim
UndefinedGradBackward:|
UnfoldBackward0:|dimension self_sym_sizes size step
UnfoldBackward0_copy:|dimension self_sym_sizes size step
UnfoldBackwardBackward0:|dim size step
UniformBackward0:|
Unique2Backward0:|
UniqueBackward0:|
UniqueConsecutiveBackward0:|
UniqueDimBackward0:|
UniqueDimConsecutiveBackward0:|
UnsafeIndexBackward0:indices|self_sym_sizes
UnsafeIndexPutBackward0:indices|accumulate
UnsafeMaskedIndexBackward0:indices mask|self_sym_sizes
UnsafeMaskedIndexPutAccumulateBackward0:indices mask|
UnsafeSplitBackward0:|dim self_sym_sizes split_size
UnsafeSplitWithSizesBackward0:|dim self_sym_sizes split_sizes
UnsafeViewBackward0:|self_sym_sizes
UnsqueezeBackward0:|dim
UnsqueezeBackward0_copy:|dim
UnsqueezeBackward1:|dim
UpsampleBicubic2DAaBackward0:|align_corners output_size scales_h scales_w self_sym_sizes
UpsampleBicubic2DAaBackwardBackward0:|align_corners output_size scales_h scales_w
UpsampleBicubic2DBackward0:|align_corners output_size scales_h scales_w self_sym_sizes
UpsampleBicubic2DBackwardBackward0:|align_corners output_size scales_h scales_w
UpsampleBilinear2DAaBackward0:|align_corners output_size scales_h scales_w self_sym_sizes
UpsampleBilinear2DAaBackwardBackward0:|align_corners output_size scales_h scales_w
UpsampleBilinear2DBackward0:|align_corners output_size scales_h scales_w self_sym_sizes
UpsampleBilinear2DBackwardBackward0:|align_corners output_size scales_h scales_w
UpsampleLanczos2DAaBackward0:|align_corners output_size scales_h scales_w self_sym_sizes
UpsampleLanczos2DAaBackwardBackward0:|align_corners output_size scales_h scales_w
UpsampleLinear1DBackward0:|align_corners output_size scales self_sym_sizes
UpsampleLinear1DBackwardBackward0:|align_corners output_size scales
UpsampleNearest1DBackward0:|output_size scales self_sym_sizes
UpsampleNearest1DBackwardBackward0:|output_size scales
UpsampleNearest2DBackward0:|output_size scales_h scales_w self_sym_sizes
UpsampleNearest2DBackwardBackward0:|output_size scales_h scales_w
UpsampleNearest3DBackward0:|output_size scales_d scales_h scales_w self_sym_sizes
UpsampleNearest3DBackwardBackward0:|output_size scales_d scales_h scales_w
UpsampleNearestExact1DBackward0:|output_size scales self_sym_sizes
UpsampleNearestExact1DBackwardBackward0:|output_size scales
UpsampleNearestExact2DBackward0:|output_size scales_h scales_w self_sym_sizes
UpsampleNearestExact2DBackwardBackward0:|output_size scales_h scales_w
UpsampleNearestExact3DBackward0:|output_size scales_d scales_h scales_w self_sym_sizes
UpsampleNearestExact3DBackwardBackward0:|output_size scales_d scales_h scales_w
UpsampleTrilinear3DBackward0:|align_corners output_size scales_d scales_h scales_w self_sym_sizes
UpsampleTrilinear3DBackwardBackward0:|align_corners output_size scales_d scales_h scales_w
ValuesBackward0:self|
ValuesBackward0_copy:self|
ValuesBackwardAutogradNestedTensor0:self|
ValuesBackwardAutogradNestedTensor0_copy:self|
VarBackward0:self|correction dim keepdim
VarMeanBackward0:self|correction dim keepdim
VdotBackward0:other self|
ViewAsComplexBackward0:|
ViewAsComplexBackward0_copy:|
ViewAsRealBackward0:|
ViewAsRealBackward0_copy:|
ViewBackward0:|self_sym_sizes
ViewBackward0_copy:|self_sym_sizes
ViewBackwardAutogradNestedTensor0:self|
ViewBackwardAutogradNestedTensor0_copy:self|
WeightNormInterfaceBackward0:g result1 v|dim
WhereBackward0:condition|
XlogyBackward0:other self|
XlogyBackward1:other|self
XlogyBackward2:self|other
ZeroBackward0:|
"""

_parsed: dict = {}


def saved_table() -> dict:
    """{node name: (tensor names, other names)}, each a tuple in alphabetical order."""
    if not _parsed:
        for line in _TABLE.splitlines():
            name, rest = line.split(":")
            tensors, others = rest.split("|")
            _parsed[name] = (tuple(tensors.split()), tuple(others.split()))
    return _parsed
