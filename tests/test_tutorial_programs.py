"""Programs from PyTorch's own tutorials and notes, as a learner pastes them into a formula
file: "Automatic Differentiation with torch.autograd", the Autograd mechanics notes, "Learning
PyTorch with Examples" (NumPy, tensors, autograd, a custom Function, a custom Module), "Build
the Neural Network", "Save and Load the Model", the Quickstart, Tensors, Datasets &
DataLoaders, the saving and loading recipes, "Training a Classifier", "The Fundamentals of
Autograd", the Blitz's "Neural Networks", "Hooks for autograd saved tensors", a
blog-style training script, "Extending PyTorch", "Double Backward with
Custom Functions", and the torch.func ones (Jacobians and Hessians, per-sample gradients,
model ensembling, neural tangent kernels).

Each is adapted only to run without downloads or a GPU and in well under a second or two:
synthetic data and small models instead of MNIST and resnet18, fewer training steps, and
`torch.sin(x.double()).float()` for the polynomial examples' targets (PyTorch's float32 `sin`
is not correctly rounded; see README "Differences"); where gradcli lacks something a tutorial
uses, the comment above it says what was left out or written another way. Each one's expected output is what
Python with torch 2.13 printed for it; object addresses (`0x7f...`) are compared as `0x`.
"""
from __future__ import annotations

import io
import re

import pytest

from gradcli.lang import run_source

PROGRAMS = {
    # Quickstart (a synthetic FashionMNIST)
    'quickstart': (r'''import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# FashionMNIST stand-in
training_data = TensorDataset(torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,)))
test_data = TensorDataset(torch.rand(32, 1, 28, 28), torch.randint(0, 10, (32,)))

batch_size = 16

# Create data loaders.
train_dataloader = DataLoader(training_data, batch_size=batch_size)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

for X, y in test_dataloader:
    print(f"Shape of X [N, C, H, W]: {X.shape}")
    print(f"Shape of y: {y.shape} {y.dtype}")
    break

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")

# Define model
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 32),
            nn.ReLU(),
            nn.Linear(32, 32),
            nn.ReLU(),
            nn.Linear(32, 10)
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork().to(device)
print(model)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)

        # Compute prediction error
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 2 == 0:
            loss, current = loss.item(), (batch + 1) * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

epochs = 3
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    test(test_dataloader, model, loss_fn)
print("Done!")

torch.save(model.state_dict(), "model.pth")
print("Saved PyTorch Model State to model.pth")

model = NeuralNetwork().to(device)
model.load_state_dict(torch.load("model.pth", weights_only=True))

classes = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

model.eval()
x, y = test_data[0][0], test_data[0][1]
with torch.no_grad():
    x = x.to(device)
    pred = model(x)
    predicted, actual = classes[pred[0].argmax(0)], classes[y]
    print(f'Predicted: "{predicted}", Actual: "{actual}"')
''',
        r'''Shape of X [N, C, H, W]: torch.Size([16, 1, 28, 28])
Shape of y: torch.Size([16]) torch.int64
Using cpu device
NeuralNetwork(
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (linear_relu_stack): Sequential(
    (0): Linear(in_features=784, out_features=32, bias=True)
    (1): ReLU()
    (2): Linear(in_features=32, out_features=32, bias=True)
    (3): ReLU()
    (4): Linear(in_features=32, out_features=10, bias=True)
  )
)
Epoch 1
-------------------------------
loss: 2.333630  [   16/   64]
loss: 2.295793  [   48/   64]
Test Error: 
 Accuracy: 6.2%, Avg loss: 2.324145 

Epoch 2
-------------------------------
loss: 2.332747  [   16/   64]
loss: 2.295041  [   48/   64]
Test Error: 
 Accuracy: 6.2%, Avg loss: 2.323906 

Epoch 3
-------------------------------
loss: 2.331912  [   16/   64]
loss: 2.294349  [   48/   64]
Test Error: 
 Accuracy: 9.4%, Avg loss: 2.323676 

Done!
Saved PyTorch Model State to model.pth
Predicted: "T-shirt/top", Actual: "Ankle boot"
'''),
    # Tensors (without `out=`)
    'tensors': (r'''import torch
import numpy as np

torch.manual_seed(0)

data = [[1, 2],[3, 4]]
x_data = torch.tensor(data)

np_array = np.array(data)
x_np = torch.from_numpy(np_array)

x_ones = torch.ones_like(x_data) # retains the properties of x_data
print(f"Ones Tensor: \n {x_ones} \n")

x_rand = torch.rand_like(x_data, dtype=torch.float) # overrides the datatype of x_data
print(f"Random Tensor: \n {x_rand} \n")

shape = (2,3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)

print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")

tensor = torch.rand(3,4)

print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

# We move our tensor to the current accelerator if available
if torch.accelerator.is_available():
    tensor = tensor.to(torch.accelerator.current_accelerator())

tensor = torch.ones(4, 4)
print(f"First row: {tensor[0]}")
print(f"First column: {tensor[:, 0]}")
print(f"Last column: {tensor[..., -1]}")
tensor[:,1] = 0
print(tensor)

t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)

# This computes the matrix multiplication between two tensors. y1, y2, y3 will have the same value
# ``tensor.T`` returns the transpose of a tensor
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)

y3 = torch.rand_like(y1)
y3 = torch.matmul(tensor, tensor.T)
print(y3)

# This computes the element-wise product. z1, z2, z3 will have the same value
z1 = tensor * tensor
z2 = tensor.mul(tensor)

z3 = torch.rand_like(tensor)
z3 = torch.mul(tensor, tensor)
print(z3)

agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))

print(f"{tensor} \n")
tensor.add_(5)
print(tensor)

t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")

t.add_(1)
print(f"t: {t}")
print(f"n: {n}")

n = np.ones(5)
t = torch.from_numpy(n)

np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
''',
        r'''Ones Tensor: 
 tensor([[1, 1],
        [1, 1]]) 

Random Tensor: 
 tensor([[0.4963, 0.7682],
        [0.0885, 0.1320]]) 

Random Tensor: 
 tensor([[0.3074, 0.6341, 0.4901],
        [0.8964, 0.4556, 0.6323]]) 

Ones Tensor: 
 tensor([[1., 1., 1.],
        [1., 1., 1.]]) 

Zeros Tensor: 
 tensor([[0., 0., 0.],
        [0., 0., 0.]])
Shape of tensor: torch.Size([3, 4])
Datatype of tensor: torch.float32
Device tensor is stored on: cpu
First row: tensor([1., 1., 1., 1.])
First column: tensor([1., 1., 1., 1.])
Last column: tensor([1., 1., 1., 1.])
tensor([[1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.]])
tensor([[1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.]])
tensor([[3., 3., 3., 3.],
        [3., 3., 3., 3.],
        [3., 3., 3., 3.],
        [3., 3., 3., 3.]])
tensor([[1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.]])
12.0 <class 'float'>
tensor([[1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.]]) 

tensor([[6., 5., 6., 6.],
        [6., 5., 6., 6.],
        [6., 5., 6., 6.],
        [6., 5., 6., 6.]])
t: tensor([1., 1., 1., 1., 1.])
n: [1. 1. 1. 1. 1.]
t: tensor([2., 2., 2., 2., 2.])
n: [2. 2. 2. 2. 2.]
t: tensor([2., 2., 2., 2., 2.], dtype=torch.float64)
n: [2. 2. 2. 2. 2.]
'''),
    # Datasets & DataLoaders (a synthetic Dataset, Lambda transforms)
    'datasets_and_dataloaders': (r'''import torch
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)

class FakeFashion(Dataset):
    def __init__(self, n, transform=None, target_transform=None):
        self.data = torch.rand(n, 28, 28)
        self.targets = torch.randint(0, 10, (n,)).tolist()
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, idx):
        image = self.data[idx].unsqueeze(0)
        label = self.targets[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label

training_data = FakeFashion(60)
test_data = FakeFashion(20)

labels_map = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(i, sample_idx, labels_map[label], img.shape)

train_dataloader = DataLoader(training_data, batch_size=16, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=16, shuffle=True)

# Display image and label.
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape, img[0, :4])
print(f"Label: {label}")
print(train_labels)

# Lambda transforms
def Lambda(f):
    return f

target_transform = Lambda(lambda y: torch.zeros(
    10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
ds = FakeFashion(4, transform=lambda t: t / t.max(), target_transform=target_transform)
print(ds[0][1], ds[0][0].max())
for xb, yb in DataLoader(ds, batch_size=3):
    print(xb.shape, yb)
print(len(train_dataloader), len(test_dataloader), len(train_dataloader.dataset))
for epoch in range(2):
    print([int(y[0]) for _, y in train_dataloader])
''',
        r'''1 39 T-Shirt torch.Size([1, 28, 28])
2 56 Sandal torch.Size([1, 28, 28])
3 54 Shirt torch.Size([1, 28, 28])
4 24 Bag torch.Size([1, 28, 28])
5 44 Pullover torch.Size([1, 28, 28])
6 56 Sandal torch.Size([1, 28, 28])
7 35 Dress torch.Size([1, 28, 28])
8 37 T-Shirt torch.Size([1, 28, 28])
9 36 Dress torch.Size([1, 28, 28])
Feature batch shape: torch.Size([16, 1, 28, 28])
Labels batch shape: torch.Size([16])
torch.Size([28, 28]) tensor([0.2601, 0.9608, 0.2970, 0.2375])
Label: 7
tensor([7, 2, 5, 1, 0, 0, 0, 2, 3, 9, 2, 4, 2, 0, 2, 5])
tensor([0., 0., 0., 0., 0., 0., 0., 0., 0., 1.]) tensor(1.)
torch.Size([3, 1, 28, 28]) tensor([[0., 0., 0., 0., 0., 0., 0., 0., 0., 1.],
        [0., 0., 1., 0., 0., 0., 0., 0., 0., 0.],
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 1.]])
torch.Size([1, 1, 28, 28]) tensor([[0., 0., 0., 0., 0., 0., 0., 1., 0., 0.]])
4 2 60
[9, 9, 2, 5]
[6, 3, 4, 4]
'''),
    # Training a Classifier (a synthetic CIFAR10, num_workers=0)
    'training_a_classifier': (r'''import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import TensorDataset, DataLoader
import numpy as np

torch.manual_seed(0)

# CIFAR10 stand-in, normalized as transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
batch_size = 4
trainset = TensorDataset(torch.rand(40, 3, 32, 32) * 2 - 1, torch.randint(0, 10, (40,)))
trainloader = torch.utils.data.DataLoader(trainset, batch_size=batch_size,
                                          shuffle=True, num_workers=0)
testset = TensorDataset(torch.rand(20, 3, 32, 32) * 2 - 1, torch.randint(0, 10, (20,)))
testloader = torch.utils.data.DataLoader(testset, batch_size=batch_size,
                                         shuffle=False, num_workers=0)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

# get some random training images
dataiter = iter(trainloader)
images, labels = next(dataiter)

# print labels
print(' '.join(f'{classes[labels[j]]:5s}' for j in range(batch_size)))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1) # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):  # loop over the dataset multiple times

    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        # get the inputs; data is a list of [inputs, labels]
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        # print statistics
        running_loss += loss.item()
        if i % 5 == 4:    # print every 5 mini-batches
            print(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 5:.3f}')
            running_loss = 0.0

print('Finished Training')

PATH = './cifar_net.pth'
torch.save(net.state_dict(), PATH)

dataiter = iter(testloader)
images, labels = next(dataiter)

print('GroundTruth: ', ' '.join(f'{classes[labels[j]]:5s}' for j in range(4)))

net = Net()
net.load_state_dict(torch.load(PATH, weights_only=True))

outputs = net(images)

_, predicted = torch.max(outputs, 1)

print('Predicted: ', ' '.join(f'{classes[predicted[j]]:5s}'
                              for j in range(4)))

correct = 0
total = 0
# since we're not training, we don't need to calculate the gradients for our outputs
with torch.no_grad():
    for data in testloader:
        images, labels = data
        # calculate outputs by running images through the network
        outputs = net(images)
        # the class with the highest energy is what we choose as prediction
        _, predicted = torch.max(outputs, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

print(f'Accuracy of the network on the 20 test images: {100 * correct // total} %')

# prepare to count predictions for each class
correct_pred = {classname: 0 for classname in classes}
total_pred = {classname: 0 for classname in classes}

# again no gradients needed
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predictions = torch.max(outputs, 1)
        # collect the correct predictions for each class
        for label, prediction in zip(labels, predictions):
            if label == prediction:
                correct_pred[classes[label]] += 1
            total_pred[classes[label]] += 1


# print accuracy for each class
for classname, correct_count in correct_pred.items():
    accuracy = 100 * float(correct_count) / max(total_pred[classname], 1)
    print(f'Accuracy for class: {classname:5s} is {accuracy:.1f} %')

device = torch.device('cuda:0' if torch.cuda.is_available() else 'cpu')

# Assuming that we are on a CUDA machine, this should print a CUDA device:

print(device)
''',
        r'''horse horse frog  dog  
[1,     5] loss: 2.321
[1,    10] loss: 2.318
[2,     5] loss: 2.330
[2,    10] loss: 2.304
Finished Training
GroundTruth:  cat   bird  bird  frog 
Predicted:  ship  ship  ship  ship 
Accuracy of the network on the 20 test images: 5 %
Accuracy for class: plane is 0.0 %
Accuracy for class: car   is 0.0 %
Accuracy for class: bird  is 0.0 %
Accuracy for class: cat   is 0.0 %
Accuracy for class: deer  is 0.0 %
Accuracy for class: dog   is 0.0 %
Accuracy for class: frog  is 0.0 %
Accuracy for class: horse is 0.0 %
Accuracy for class: ship  is 100.0 %
Accuracy for class: truck is 0.0 %
cpu
'''),
    # Automatic Differentiation with torch.autograd
    'autograd_tutorial_basics': (r'''import torch

torch.manual_seed(0)

x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)

print(f"Gradient function for z = {z.grad_fn}")
print(f"Gradient function for loss = {loss.grad_fn}")

loss.backward()
print(w.grad)
print(b.grad)

z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)

inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")
print(loss, z, out.grad_fn, out.grad_fn.next_functions)
''',
        r'''Gradient function for z = <AddBackward0 object at 0x7f9fcc3e3e20>
Gradient function for loss = <BinaryCrossEntropyWithLogitsBackward0 object at 0x7f9fcc3e3880>
tensor([[0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027]])
tensor([0.2661, 0.1179, 0.0027])
True
False
False
First call
tensor([[4., 2., 2., 2., 2.],
        [2., 4., 2., 2., 2.],
        [2., 2., 4., 2., 2.],
        [2., 2., 2., 4., 2.]])

Second call
tensor([[8., 4., 4., 4., 4.],
        [4., 8., 4., 4., 4.],
        [4., 4., 8., 4., 4.],
        [4., 4., 4., 8., 4.]])

Call after zeroing gradients
tensor([[4., 2., 2., 2., 2.],
        [2., 4., 2., 2., 2.],
        [2., 2., 4., 2., 2.],
        [2., 2., 2., 4., 2.]])
tensor(0.6819, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>) tensor([ 1.3755, -0.6023, -4.8127], grad_fn=<AddBackward0>) <TBackward0 object at 0x7f9faaf86110> ((<PowBackward0 object at 0x7f9faaf86ad0>, 0),)
'''),
    # The Fundamentals of Autograd (without the profiler)
    'fundamentals_of_autograd': (r'''import torch
import math

a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
print(a)

b = torch.sin(a)
print(b)

c = 2 * b
print(c)

d = c + 1
print(d)

out = d.sum()
print(out)

print('d:')
print(d.grad_fn)
print(d.grad_fn.next_functions)
print(d.grad_fn.next_functions[0][0].next_functions)
print(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions)
print(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions)
print('\nc:')
print(c.grad_fn)
print('\nb:')
print(b.grad_fn)
print('\na:')
print(a.grad_fn)

out.backward()
print(a.grad)

BATCH_SIZE = 16
DIM_IN = 1000
HIDDEN_SIZE = 100
DIM_OUT = 10

class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.layer1 = torch.nn.Linear(DIM_IN, HIDDEN_SIZE)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(HIDDEN_SIZE, DIM_OUT)

    def forward(self, x):
        x = self.layer1(x)
        x = self.relu(x)
        x = self.layer2(x)
        return x

torch.manual_seed(0)
some_input = torch.randn(BATCH_SIZE, DIM_IN, requires_grad=False)
ideal_output = torch.randn(BATCH_SIZE, DIM_OUT, requires_grad=False)

model = TinyModel()

print(model.layer2.weight[0][0:10]) # just a small slice
print(model.layer2.weight.grad)

optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

prediction = model(some_input)

loss = (ideal_output - prediction).pow(2).sum()
print(loss)

loss.backward()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])

optimizer.step()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])

for i in range(0, 5):
    prediction = model(some_input)
    loss = (ideal_output - prediction).pow(2).sum()
    loss.backward()

print(model.layer2.weight.grad[0][0:10])

optimizer.zero_grad(set_to_none=False)

print(model.layer2.weight.grad[0][0:10])

a = torch.ones(2, 3, requires_grad=True)
print(a)

b1 = 2 * a
print(b1)

a.requires_grad = False
b2 = 2 * a
print(b2)

a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3

c1 = a + b
print(c1)

with torch.no_grad():
    c2 = a + b

print(c2)

c3 = a * b
print(c3)

def add_tensors1(x, y):
    return x + y

@torch.no_grad()
def add_tensors2(x, y):
    return x + y


a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3

c1 = add_tensors1(a, b)
print(c1)

c2 = add_tensors2(a, b)
print(c2)

x = torch.rand(5, requires_grad=True)
y = x.detach()

print(x)
print(y)

a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
try:
    torch.sin_(a)
except RuntimeError as e:
    print(e)

device = 'cpu'
run_on_gpu = False
if torch.cuda.is_available():
    device = 'cuda'
    run_on_gpu = True

x = torch.randn(2, 3, requires_grad=True)
y = torch.rand(2, 3, requires_grad=True)
z = torch.ones(2, 3, requires_grad=True)

if True:
    for _ in range(100):
        z = (z / x) * y

x = torch.randn(3, requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float) # stand-in gradients
y.backward(v)

print(x.grad)

def exp_adder(x, y):
    return 2 * x.exp() + 3 * y

inputs = (torch.rand(1), torch.rand(1)) # arguments for the function
print(inputs)
print(torch.autograd.functional.jacobian(exp_adder, inputs))

inputs = (torch.rand(3), torch.rand(3)) # arguments for the function
print(inputs)
print(torch.autograd.functional.jacobian(exp_adder, inputs))

def do_some_doubling(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y

inputs = torch.randn(3)
my_gradients = torch.tensor([0.1, 1.0, 0.0001])
print(torch.autograd.functional.vjp(do_some_doubling, inputs, v=my_gradients))
''',
        r'''tensor([0.0000, 0.2618, 0.5236, 0.7854, 1.0472, 1.3090, 1.5708, 1.8326, 2.0944,
        2.3562, 2.6180, 2.8798, 3.1416, 3.4034, 3.6652, 3.9270, 4.1888, 4.4506,
        4.7124, 4.9742, 5.2360, 5.4978, 5.7596, 6.0214, 6.2832],
       requires_grad=True)
tensor([ 0.0000e+00,  2.5882e-01,  5.0000e-01,  7.0711e-01,  8.6603e-01,
         9.6593e-01,  1.0000e+00,  9.6593e-01,  8.6603e-01,  7.0711e-01,
         5.0000e-01,  2.5882e-01, -8.7423e-08, -2.5882e-01, -5.0000e-01,
        -7.0711e-01, -8.6603e-01, -9.6593e-01, -1.0000e+00, -9.6593e-01,
        -8.6603e-01, -7.0711e-01, -5.0000e-01, -2.5882e-01,  1.7485e-07],
       grad_fn=<SinBackward0>)
tensor([ 0.0000e+00,  5.1764e-01,  1.0000e+00,  1.4142e+00,  1.7321e+00,
         1.9319e+00,  2.0000e+00,  1.9319e+00,  1.7321e+00,  1.4142e+00,
         1.0000e+00,  5.1764e-01, -1.7485e-07, -5.1764e-01, -1.0000e+00,
        -1.4142e+00, -1.7321e+00, -1.9319e+00, -2.0000e+00, -1.9319e+00,
        -1.7321e+00, -1.4142e+00, -1.0000e+00, -5.1764e-01,  3.4969e-07],
       grad_fn=<MulBackward0>)
tensor([ 1.0000e+00,  1.5176e+00,  2.0000e+00,  2.4142e+00,  2.7321e+00,
         2.9319e+00,  3.0000e+00,  2.9319e+00,  2.7321e+00,  2.4142e+00,
         2.0000e+00,  1.5176e+00,  1.0000e+00,  4.8236e-01, -3.5763e-07,
        -4.1421e-01, -7.3205e-01, -9.3185e-01, -1.0000e+00, -9.3185e-01,
        -7.3205e-01, -4.1421e-01,  4.7684e-07,  4.8236e-01,  1.0000e+00],
       grad_fn=<AddBackward0>)
tensor(25., grad_fn=<SumBackward0>)
d:
<AddBackward0 object at 0x7fe3a8b8e290>
((<MulBackward0 object at 0x7fe3a8b8e350>, 0), (None, 0))
((<SinBackward0 object at 0x7fe3a8b8e440>, 0), (None, 0))
((<AccumulateGrad object at 0x7fe3c9fefd60>, 0),)
()

c:
<MulBackward0 object at 0x7fe3a8b8e350>

b:
<SinBackward0 object at 0x7fe3a8b8e440>

a:
None
tensor([ 2.0000e+00,  1.9319e+00,  1.7321e+00,  1.4142e+00,  1.0000e+00,
         5.1764e-01, -8.7423e-08, -5.1764e-01, -1.0000e+00, -1.4142e+00,
        -1.7321e+00, -1.9319e+00, -2.0000e+00, -1.9319e+00, -1.7321e+00,
        -1.4142e+00, -1.0000e+00, -5.1764e-01,  2.3850e-08,  5.1764e-01,
         1.0000e+00,  1.4142e+00,  1.7321e+00,  1.9319e+00,  2.0000e+00])
tensor([ 0.0317,  0.0891,  0.0169,  0.0963,  0.0961,  0.0311,  0.0272, -0.0977,
         0.0565,  0.0098], grad_fn=<SliceBackward0>)
None
tensor(157.5293, grad_fn=<SumBackward0>)
tensor([ 0.0317,  0.0891,  0.0169,  0.0963,  0.0961,  0.0311,  0.0272, -0.0977,
         0.0565,  0.0098], grad_fn=<SliceBackward0>)
tensor([ 6.4291, 13.2475,  8.2830,  6.9822,  0.0371,  2.7438,  5.5596,  0.1757,
         4.0541,  1.0453])
tensor([ 0.0253,  0.0758,  0.0087,  0.0893,  0.0961,  0.0284,  0.0216, -0.0979,
         0.0525,  0.0087], grad_fn=<SliceBackward0>)
tensor([ 6.4291, 13.2475,  8.2830,  6.9822,  0.0371,  2.7438,  5.5596,  0.1757,
         4.0541,  1.0453])
tensor([23.3107, 35.7144, 30.3759, 20.5680, -5.6830, 13.7755, 18.3768, 11.4897,
        14.8639, -2.4794])
tensor([0., 0., 0., 0., 0., 0., 0., 0., 0., 0.])
tensor([[1., 1., 1.],
        [1., 1., 1.]], requires_grad=True)
tensor([[2., 2., 2.],
        [2., 2., 2.]], grad_fn=<MulBackward0>)
tensor([[2., 2., 2.],
        [2., 2., 2.]])
tensor([[5., 5., 5.],
        [5., 5., 5.]], grad_fn=<AddBackward0>)
tensor([[5., 5., 5.],
        [5., 5., 5.]])
tensor([[6., 6., 6.],
        [6., 6., 6.]], grad_fn=<MulBackward0>)
tensor([[5., 5., 5.],
        [5., 5., 5.]], grad_fn=<AddBackward0>)
tensor([[5., 5., 5.],
        [5., 5., 5.]])
tensor([0.8996, 0.3834, 0.0250, 0.2443, 0.4135], requires_grad=True)
tensor([0.8996, 0.3834, 0.0250, 0.2443, 0.4135])
a leaf Variable that requires grad is being used in an in-place operation.
tensor([-905.2911, 1220.9309,  586.6815], grad_fn=<MulBackward0>)
tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])
(tensor([0.1341]), tensor([0.7049]))
(tensor([[2.2870]]), tensor([[3.]]))
(tensor([0.0666, 0.2629, 0.3320]), tensor([0.9243, 0.2406, 0.0106]))
(tensor([[2.1378, 0.0000, 0.0000],
        [0.0000, 2.6015, 0.0000],
        [0.0000, 0.0000, 2.7876]]), tensor([[3., 0., 0.],
        [0., 3., 0.],
        [0., 0., 3.]]))
(tensor([-564.3144, -272.9468, -946.9344]), tensor([1.0240e+02, 1.0240e+03, 1.0240e-01]))
'''),
    # the 60 Minute Blitz's Neural Networks
    'neural_networks_blitz': (r'''import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square convolution
        # kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # an affine operation: y = Wx + b
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5*5 from image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        # Convolution layer C1: 1 input image channel, 6 output channels,
        # 5x5 square convolution, it uses RELU activation function, and
        # outputs a Tensor with size (N, 6, 28, 28), where N is the size of the batch
        c1 = F.relu(self.conv1(input))
        # Subsampling layer S2: 2x2 grid, purely functional,
        # this layer does not have any parameter, and outputs a (N, 6, 14, 14) Tensor
        s2 = F.max_pool2d(c1, (2, 2))
        # Convolution layer C3: 6 input channels, 16 output channels,
        # 5x5 square convolution, it uses RELU activation function, and
        # outputs a (N, 16, 10, 10) Tensor
        c3 = F.relu(self.conv2(s2))
        # Subsampling layer S4: 2x2 grid, purely functional,
        # this layer does not have any parameter, and outputs a (N, 16, 5, 5) Tensor
        s4 = F.max_pool2d(c3, 2)
        # Flatten operation: purely functional, outputs a (N, 400) Tensor
        s4 = torch.flatten(s4, 1)
        # Fully connected layer F5: (N, 400) Tensor input,
        # and outputs a (N, 120) Tensor, it uses RELU activation function
        f5 = F.relu(self.fc1(s4))
        # Fully connected layer F6: (N, 120) Tensor input,
        # and outputs a (N, 84) Tensor, it uses RELU activation function
        f6 = F.relu(self.fc2(f5))
        # Gaussian layer OUTPUT: (N, 84) Tensor input, and
        # outputs a (N, 10) Tensor
        output = self.fc3(f6)
        return output


net = Net()
print(net)

params = list(net.parameters())
print(len(params))
print(params[0].size())  # conv1's .weight

input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out.shape, out.grad_fn)

net.zero_grad()
out.backward(torch.randn(1, 10))

output = net(input)
target = torch.randn(10)  # a dummy target, for example
target = target.view(1, -1)  # make it the same shape as output
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss.shape, loss.grad_fn)

print(loss.grad_fn)  # MSELoss
print(loss.grad_fn.next_functions[0][0])  # Linear
print(loss.grad_fn.next_functions[0][0].next_functions[0][0])  # ReLU

net.zero_grad()     # zeroes the gradient buffers of all parameters

print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)

loss.backward()

print('conv1.bias.grad after backward')
print(net.conv1.bias.grad.shape)

learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)

import torch.optim as optim

# create your optimizer
optimizer = optim.SGD(net.parameters(), lr=0.01)

# in your training loop:
optimizer.zero_grad()   # zero the gradient buffers
output = net(input)
loss = criterion(output, target)
loss.backward()
optimizer.step()    # Does the update
print(net.fc3.bias)
''',
        r'''Net(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
10
torch.Size([6, 1, 5, 5])
torch.Size([1, 10]) <AddmmBackward0 object at 0x7f76579b3700>
torch.Size([]) <MseLossBackward0 object at 0x7f7635c49a80>
<MseLossBackward0 object at 0x7f7635c49a80>
<AddmmBackward0 object at 0x7f7635c49ba0>
<AccumulateGrad object at 0x7f76579b3820>
conv1.bias.grad before backward
None
conv1.bias.grad after backward
torch.Size([6])
Parameter containing:
tensor([-0.0406, -0.0587,  0.0545,  0.0672, -0.0368,  0.0465, -0.0554,  0.0569,
        -0.0025,  0.0852], requires_grad=True)
'''),
    # Hooks for autograd saved tensors (without its files on disk)
    'hooks_for_saved_tensors': (r'''import torch

torch.manual_seed(0)

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(y.grad_fn._saved_self)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True

x = torch.randn(5, requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(y.grad_fn._saved_self)
print(y.grad_fn._saved_exponent)

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
y.sum().backward()
try:
    y.grad_fn._saved_self
except RuntimeError as e:
    print(e)

def pack_hook(x):
    print("Packing", x)
    return x

def unpack_hook(x):
    print("Unpacking", x)
    return x
a = torch.ones(5, requires_grad=True)
b = torch.ones(5, requires_grad=True) * 2

with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b

y.sum().backward()

def pack_hook(x):
    print("Packing", x)
    return x

def unpack_hook(x):
    print("Unpacking", x)
    return x

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
y.grad_fn._raw_saved_self.register_hooks(pack_hook, unpack_hook)
print(y.grad_fn._saved_self)

def f(x):
    return x * x

x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda x: x * 4, lambda x: x / 4):
    y = f(x)
y.sum().backward()
assert(x.grad.equal(2 * x))

x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda x: x * 4, lambda x: x / 4):
    y = f(x)
print(y.grad_fn._saved_self, x)

def pack(x):
    print("packing")
    return x.detach()

def unpack(x):
    print("unpacking")
    return x

a = torch.ones(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    b = a.exp()
    c = b.sin()
c.sum().backward()
print(a.grad)

with torch.autograd.graph.save_on_cpu(pin_memory=False):
    y = (x * x).exp()
y.sum().backward()
print(x.grad)

x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.disable_saved_tensors_hooks("no saved tensors hooks here"):
    z = x * 2
try:
    with torch.autograd.graph.disable_saved_tensors_hooks("no saved tensors hooks here"):
        with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
            z = x * x
except RuntimeError as e:
    print(e)
''',
        r'''tensor([ 1.5410, -0.2934, -2.1788,  0.5684, -1.0845], requires_grad=True)
True
True
True
False
tensor([-0.5966,  0.1820, -0.8567,  1.1006, -1.0712], requires_grad=True)
2
Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.
Packing tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)
Packing tensor([1., 1., 1., 1., 1.], requires_grad=True)
Unpacking tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)
Unpacking tensor([1., 1., 1., 1., 1.], requires_grad=True)
Packing tensor([0.3704, 1.4565, 0.9398, 0.7748, 0.1919])
Unpacking tensor([0.3704, 1.4565, 0.9398, 0.7748, 0.1919])
tensor([0.3704, 1.4565, 0.9398, 0.7748, 0.1919], requires_grad=True)
tensor([ 0.5186, -1.3125,  0.1920,  0.5428, -2.2188], requires_grad=True) tensor([ 0.5186, -1.3125,  0.1920,  0.5428, -2.2188], requires_grad=True)
packing
packing
unpacking
unpacking
tensor([-2.4783, -2.4783, -2.4783, -2.4783, -2.4783])
tensor([ 1.3574e+00, -1.4699e+01,  3.9841e-01,  1.4574e+00, -6.0977e+02])
no saved tensors hooks here
'''),
    # the Autograd mechanics notes' snippets
    'autograd_mechanics_notes': (r'''import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)

# Excluding subgraphs from backward: freeze a "pretrained" model
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
for param in model.parameters():
    param.requires_grad = False
# Replace the last fully-connected layer
# Parameters of newly constructed modules have requires_grad=True by default
model[2] = nn.Linear(16, 3)
# Optimize only the classifier
optimizer = optim.SGD(model[2].parameters(), lr=1e-2, momentum=0.9)
out = model(torch.randn(2, 8)).sum()
out.backward()
print(model[0].weight.grad, model[2].bias.grad)
optimizer.step()
print(model[2].bias)

# Saved tensors
x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True

x = torch.randn(5, requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False

# Locally disabling gradient computation
x = torch.zeros(1, requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad)

is_train = False
with torch.set_grad_enabled(is_train):
    y = x * 2
print(y.requires_grad)

torch.set_grad_enabled(True)  # this can also be used as a function
y = x * 2
print(y.requires_grad)

torch.set_grad_enabled(False)
y = x * 2
print(y.requires_grad)
torch.set_grad_enabled(True)

with torch.inference_mode():
    z = x * 3
print(z.requires_grad, z.is_inference())

# Evaluation mode
model.eval()
print(model.training, model[0].training)
model.train()
print(model.training)

# In-place correctness checks
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a.sigmoid()
c = b.mul(2)
b.mul_(3)
try:
    c.sum().backward()
except RuntimeError as e:
    print(e)

# Hooks for saved tensors
def pack_hook(x):
    print("Packing", x)
    return x

def unpack_hook(x):
    print("Unpacking", x)
    return x

a = torch.ones(5, requires_grad=True)
b = torch.ones(5, requires_grad=True) * 2
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b

y.sum().backward()

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
y.grad_fn._raw_saved_self.register_hooks(pack_hook, unpack_hook)
y.sum().backward()

# Backward hooks execution
def tensor_hook(grad):
    print("tensor hook", grad)
    return grad * 2

def fn_hook(grad_inputs, grad_outputs):
    print("grad_fn hook", grad_inputs, grad_outputs)

def fn_prehook(grad_outputs):
    print("grad_fn prehook", grad_outputs)

a = torch.tensor([1., 2.], requires_grad=True)
b = a * 3
b.register_hook(tensor_hook)
b.grad_fn.register_hook(fn_hook)
b.grad_fn.register_prehook(fn_prehook)
a.register_post_accumulate_grad_hook(lambda p: print("post accumulate", p.grad))
b.sum().backward()
print(a.grad)

# Behavior of Tensor hooks when Tensor is modified in-place
def fn(grad):
    print("hook on t:", grad)
    return grad

t = torch.tensor(1., requires_grad=True).sin()
t.cos_()
t.register_hook(fn)
t.backward()

# Retain grad on non-leaf
x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
y.retain_grad()
y.sum().backward()
print(y.grad, y.is_leaf, y.retains_grad)
''',
        r'''None tensor([2., 2., 2.])
Parameter containing:
tensor([-0.1640,  0.1237,  0.1124], requires_grad=True)
True
True
True
False
False
False
True
False
False True
False False
True
one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Sigmoid, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).
Packing tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)
Packing tensor([1., 1., 1., 1., 1.], requires_grad=True)
Unpacking tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)
Unpacking tensor([1., 1., 1., 1., 1.], requires_grad=True)
Packing tensor([-0.8952, -1.3170,  0.2176, -0.1168, -0.3359])
Unpacking tensor([-0.8952, -1.3170,  0.2176, -0.1168, -0.3359])
tensor hook tensor([1., 1.])
grad_fn prehook (tensor([2., 2.]),)
grad_fn hook (tensor([6., 6.]), None) (tensor([2., 2.]),)
post accumulate tensor([6., 6.])
tensor([6., 6.])
hook on t: tensor(1.)
tensor([1., 1.]) False True
'''),
    # Learning PyTorch with Examples: the NumPy polynomial
    'examples_numpy_polynomial': (r'''import numpy as np
import math

np.random.seed(0)

# Create random input and output data
x = np.linspace(-math.pi, math.pi, 2000)
y = np.sin(x)

# Randomly initialize weights
a = np.random.randn()
b = np.random.randn()
c = np.random.randn()
d = np.random.randn()

learning_rate = 1e-6
for t in range(500):
    # Forward pass: compute predicted y
    # y = a + b x + c x^2 + d x^3
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = np.square(y_pred - y).sum()
    if t % 50 == 49:
        print(t, loss)

    # Backprop to compute gradients of a, b, c, d with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    # Update weights
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f'Result: y = {a} + {b} x + {c} x^2 + {d} x^3')
''',
        r'''49 2342.209628800894
99 1942.5981197543472
149 1623.8259609627821
199 1357.8620988723726
249 1135.9090345966126
299 950.6459714997518
349 795.9766805567816
399 666.8234472515073
449 558.9559064970865
499 468.84881983428795
Result: y = 0.6525787398520186 + 0.5819031131407735 x + -0.11258069158157626 x^2 + -0.05423711526563686 x^3
'''),
    # Learning PyTorch with Examples: tensors
    'examples_tensor_polynomial': (r'''import torch
import math

torch.manual_seed(0)

dtype = torch.float
device = torch.device("cpu")
# device = torch.device("cuda:0") # Uncomment this to run on GPU

# Create random input and output data
x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x.double()).float()

# Randomly initialize weights
a = torch.randn((), device=device, dtype=dtype)
b = torch.randn((), device=device, dtype=dtype)
c = torch.randn((), device=device, dtype=dtype)
d = torch.randn((), device=device, dtype=dtype)

learning_rate = 1e-6
for t in range(300):
    # Forward pass: compute predicted y
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = (y_pred - y).pow(2).sum().item()
    if t % 50 == 49:
        print(t, loss)

    # Backprop to compute gradients of a, b, c, d with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    # Update weights using gradient descent
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d


print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
''',
        r'''49 3929.37548828125
99 3238.300537109375
149 2696.32666015625
199 2245.867431640625
249 1871.3682861328125
299 1559.9361572265625
Result: y = 1.1081247329711914 + 0.20093561708927155 x + -0.19116999208927155 x^2 + -4.78097063023597e-05 x^3
'''),
    # Learning PyTorch with Examples: autograd
    'examples_autograd_polynomial': (r'''import torch
import math

torch.manual_seed(0)

dtype = torch.float
device = torch.device("cpu")

# Create Tensors to hold input and outputs.
# By default, requires_grad=False, which indicates that we do not need to
# compute gradients with respect to these Tensors during the backward pass.
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x.double()).float()

# Create random Tensors for weights. For a third order polynomial, we need
# 4 weights: y = a + b x + c x^2 + d x^3
# Setting requires_grad=True indicates that we want to compute gradients with
# respect to these Tensors during the backward pass.
a = torch.randn((), dtype=dtype, requires_grad=True)
b = torch.randn((), dtype=dtype, requires_grad=True)
c = torch.randn((), dtype=dtype, requires_grad=True)
d = torch.randn((), dtype=dtype, requires_grad=True)

learning_rate = 1e-6
for t in range(300):
    # Forward pass: compute predicted y using operations on Tensors.
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss using operations on Tensors.
    # Now loss is a Tensor of shape (1,)
    # loss.item() gets the scalar value held in the loss.
    loss = (y_pred - y).pow(2).sum()
    if t % 50 == 49:
        print(t, loss.item())

    # Use autograd to compute the backward pass. This call will compute the
    # gradient of loss with respect to all Tensors with requires_grad=True.
    # After this call a.grad, b.grad. c.grad and d.grad will be Tensors holding
    # the gradient of the loss with respect to a, b, c, d respectively.
    loss.backward()

    # Manually update weights using gradient descent. Wrap in torch.no_grad()
    # because weights have requires_grad=True, but we don't need to track this
    # in autograd.
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        # Manually zero the gradients after updating weights
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
''',
        r'''49 3929.37548828125
99 3238.300537109375
149 2696.32666015625
199 2245.867431640625
249 1871.3682861328125
299 1559.9361572265625
Result: y = 1.1081247329711914 + 0.20093561708927155 x + -0.19116999208927155 x^2 + -4.78097063023597e-05 x^3
'''),
    # Learning PyTorch with Examples: LegendrePolynomial3
    'examples_legendre_polynomial3_function': (r'''import torch
import math


class LegendrePolynomial3(torch.autograd.Function):
    """
    We can implement our own custom autograd Functions by subclassing
    torch.autograd.Function and implementing the forward and backward passes
    which operate on Tensors.
    """

    @staticmethod
    def forward(ctx, input):
        """
        In the forward pass we receive a Tensor containing the input and return
        a Tensor containing the output. ctx is a context object that can be used
        to stash information for backward computation. You can cache tensors for
        use in the backward pass using the ``ctx.save_for_backward`` method. Other
        objects can be stored directly as attributes on the ctx object, such as
        ``ctx.my_object = my_object``. Check out `Extending torch.autograd <https://docs.pytorch.org/docs/stable/notes/extending.html#extending-torch-autograd>`_
        for further details.
        """
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        """
        In the backward pass we receive a Tensor containing the gradient of the loss
        with respect to the output, and we need to compute the gradient of the loss
        with respect to the input.
        """
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


dtype = torch.float
device = torch.device("cpu")
# device = torch.device("cuda:0")  # Uncomment this to run on GPU

# Create Tensors to hold input and outputs.
# By default, requires_grad=False, which indicates that we do not need to
# compute gradients with respect to these Tensors during the backward pass.
x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x.double()).float()

# Create random Tensors for weights. For this example, we need
# 4 weights: y = a + b * P3(c + d * x), these weights need to be initialized
# not too far from the correct result to ensure convergence.
# Setting requires_grad=True indicates that we want to compute gradients with
# respect to these Tensors during the backward pass.
a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

learning_rate = 5e-6
for t in range(300):
    # To apply our Function, we use Function.apply method. We alias this as 'P3'.
    P3 = LegendrePolynomial3.apply

    # Forward pass: compute predicted y using operations; we compute
    # P3 using our custom autograd operation.
    y_pred = a + b * P3(c + d * x)

    # Compute and print loss
    loss = (y_pred - y).pow(2).sum()
    if t % 50 == 49:
        print(t, loss.item())

    # Use autograd to compute the backward pass.
    loss.backward()

    # Update weights using gradient descent
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        # Manually zero the gradients after updating weights
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)')
print(y_pred.grad_fn)
''',
        r'''49 253.77099609375
99 209.95834350585938
149 174.07713317871094
199 144.66018676757812
249 120.52225494384766
299 100.70249938964844
Result: y = -3.399293069250575e-10 + -1.5471197366714478 * P3(-1.749488331981297e-10 + 0.24978573620319366 x)
<AddBackward0 object at 0x7fd5f15afe20>
'''),
    # Learning PyTorch with Examples: a custom nn Module
    'examples_custom_module_polynomial3': (r'''import torch
import math

torch.manual_seed(0)


class Polynomial3(torch.nn.Module):
    def __init__(self):
        """
        In the constructor we instantiate four parameters and assign them as
        member parameters.
        """
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        """
        In the forward function we accept a Tensor of input data and we must return
        a Tensor of output data. We can use Modules defined in the constructor as
        well as arbitrary operators on Tensors.
        """
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        """
        Just like any class in Python, you can also define custom method on PyTorch modules
        """
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3'


# Create Tensors to hold input and outputs.
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x.double()).float()

# Construct our model by instantiating the class defined above
model = Polynomial3()

# Construct our loss function and an Optimizer. The call to model.parameters()
# in the SGD constructor will contain the learnable parameters (defined
# with torch.nn.Parameter) which are members of the model.
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
for t in range(300):
    # Forward pass: Compute predicted y by passing x to the model
    y_pred = model(x)

    # Compute and print loss
    loss = criterion(y_pred, y)
    if t % 50 == 49:
        print(t, loss.item())

    # Zero gradients, perform a backward pass, and update the weights.
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
print(model)
print(list(model.named_parameters())[0])
''',
        r'''49 3929.37548828125
99 3238.30029296875
149 2696.32666015625
199 2245.8671875
249 1871.3681640625
299 1559.9361572265625
Result: y = 1.1081247329711914 + 0.20093564689159393 x + -0.19116999208927155 x^2 + -4.7813817218411714e-05 x^3
Polynomial3()
('a', Parameter containing:
tensor(1.1081, requires_grad=True))
'''),
    # Build the Neural Network (without its unused `import os`)
    'build_the_neural_network': (r'''# import os
import torch
from torch import nn

torch.manual_seed(0)

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork().to(device)
print(model)

X = torch.rand(1, 28, 28, device=device)
logits = model(X)
pred_probab = nn.Softmax(dim=1)(logits)
y_pred = pred_probab.argmax(1)
print(f"Predicted class: {y_pred}")

input_image = torch.rand(3,28,28)
print(input_image.size())

flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.size())

layer1 = nn.Linear(in_features=28*28, out_features=20)
hidden1 = layer1(flat_image)
print(hidden1.size())

print(f"Before ReLU: {hidden1}\n\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")

seq_modules = nn.Sequential(
    flatten,
    layer1,
    nn.ReLU(),
    nn.Linear(20, 10)
)
input_image = torch.rand(3,28,28)
logits = seq_modules(input_image)

softmax = nn.Softmax(dim=1)
pred_probab = softmax(logits)
print(pred_probab)

print(f"Model structure: {model}\n\n")

for name, param in model.named_parameters():
    print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")
''',
        r'''Using cpu device
NeuralNetwork(
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (linear_relu_stack): Sequential(
    (0): Linear(in_features=784, out_features=512, bias=True)
    (1): ReLU()
    (2): Linear(in_features=512, out_features=512, bias=True)
    (3): ReLU()
    (4): Linear(in_features=512, out_features=10, bias=True)
  )
)
Predicted class: tensor([1])
torch.Size([3, 28, 28])
torch.Size([3, 784])
torch.Size([3, 20])
Before ReLU: tensor([[ 0.3432,  0.4017,  0.5258, -0.2133,  0.1780, -0.4737, -0.3011,  0.3905,
          0.3399, -0.1495, -0.3601, -0.2371, -0.2312,  0.3117,  0.4915, -0.5154,
         -0.1512,  0.0494, -0.3462,  0.4031],
        [ 0.3284,  0.1825, -0.1181, -0.0112,  0.3111, -0.2115, -0.2090,  0.1090,
          0.0864, -0.1658, -0.4436, -0.2709, -0.2593,  0.1913,  0.3648, -0.1583,
          0.0770,  0.0910, -0.2152,  0.7398],
        [ 0.0927,  0.3688,  0.4693, -0.1588,  0.0698, -0.4310, -0.0757,  0.1459,
          0.3058, -0.0290, -0.3003, -0.4151, -0.1969,  0.5748,  0.2176, -0.5745,
         -0.1003, -0.1242, -0.2478,  0.7332]], grad_fn=<AddmmBackward0>)


After ReLU: tensor([[0.3432, 0.4017, 0.5258, 0.0000, 0.1780, 0.0000, 0.0000, 0.3905, 0.3399,
         0.0000, 0.0000, 0.0000, 0.0000, 0.3117, 0.4915, 0.0000, 0.0000, 0.0494,
         0.0000, 0.4031],
        [0.3284, 0.1825, 0.0000, 0.0000, 0.3111, 0.0000, 0.0000, 0.1090, 0.0864,
         0.0000, 0.0000, 0.0000, 0.0000, 0.1913, 0.3648, 0.0000, 0.0770, 0.0910,
         0.0000, 0.7398],
        [0.0927, 0.3688, 0.4693, 0.0000, 0.0698, 0.0000, 0.0000, 0.1459, 0.3058,
         0.0000, 0.0000, 0.0000, 0.0000, 0.5748, 0.2176, 0.0000, 0.0000, 0.0000,
         0.0000, 0.7332]], grad_fn=<ReluBackward0>)
tensor([[0.1152, 0.0730, 0.1015, 0.0997, 0.0828, 0.1157, 0.1262, 0.1316, 0.0709,
         0.0834],
        [0.1168, 0.0739, 0.0937, 0.1051, 0.0887, 0.1102, 0.1279, 0.1319, 0.0687,
         0.0831],
        [0.1224, 0.0723, 0.0880, 0.1084, 0.0877, 0.1101, 0.1306, 0.1287, 0.0730,
         0.0789]], grad_fn=<SoftmaxBackward0>)
Model structure: NeuralNetwork(
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (linear_relu_stack): Sequential(
    (0): Linear(in_features=784, out_features=512, bias=True)
    (1): ReLU()
    (2): Linear(in_features=512, out_features=512, bias=True)
    (3): ReLU()
    (4): Linear(in_features=512, out_features=10, bias=True)
  )
)


Layer: linear_relu_stack.0.weight | Size: torch.Size([512, 784]) | Values : tensor([[-0.0003,  0.0192, -0.0294,  ...,  0.0219,  0.0037,  0.0021],
        [-0.0198, -0.0150, -0.0104,  ..., -0.0203, -0.0060, -0.0299]],
       grad_fn=<SliceBackward0>) 

Layer: linear_relu_stack.0.bias | Size: torch.Size([512]) | Values : tensor([0.0320, 0.0142], grad_fn=<SliceBackward0>) 

Layer: linear_relu_stack.2.weight | Size: torch.Size([512, 512]) | Values : tensor([[ 0.0217,  0.0426, -0.0431,  ...,  0.0227,  0.0204,  0.0404],
        [-0.0165, -0.0338, -0.0328,  ..., -0.0084, -0.0116, -0.0251]],
       grad_fn=<SliceBackward0>) 

Layer: linear_relu_stack.2.bias | Size: torch.Size([512]) | Values : tensor([0.0156, 0.0262], grad_fn=<SliceBackward0>) 

Layer: linear_relu_stack.4.weight | Size: torch.Size([10, 512]) | Values : tensor([[-0.0299, -0.0093,  0.0166,  ...,  0.0170, -0.0347,  0.0053],
        [ 0.0414, -0.0066, -0.0315,  ..., -0.0322, -0.0363,  0.0382]],
       grad_fn=<SliceBackward0>) 

Layer: linear_relu_stack.4.bias | Size: torch.Size([10]) | Values : tensor([0.0432, 0.0425], grad_fn=<SliceBackward0>) 

'''),
    # Save and Load the Model
    'save_and_load_the_model': (r'''import torch
import torch.nn as nn

torch.manual_seed(0)

# A small stand-in for torchvision's vgg16
class TinyVGG(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.classifier = nn.Sequential(
            nn.Linear(4 * 2 * 2, 8),
            nn.ReLU(True),
            nn.Dropout(),
            nn.Linear(8, 10),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x

model = TinyVGG()
torch.save(model.state_dict(), 'model_weights.pth')

model = TinyVGG() # we do not specify ``weights``, i.e. create untrained model
print(model.load_state_dict(torch.load('model_weights.pth', weights_only=True)))
model.eval()
x = torch.rand(2, 3, 8, 8)
print(model(x))

torch.save(model, 'model.pth')
model = torch.load('model.pth', weights_only=False)
print(model)
print(model(x))

sd = model.state_dict()
print(list(sd.keys()))
print(sd['classifier.3.bias'])

# Saving a general checkpoint
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
model.train()
loss = model(x).sum()
loss.backward()
optimizer.step()
EPOCH = 5
PATH = "model.pt"
LOSS = 0.4

torch.save({
            'epoch': EPOCH,
            'model_state_dict': model.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': LOSS,
            }, PATH)

model = TinyVGG()
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH, weights_only=True)
model.load_state_dict(checkpoint['model_state_dict'])
optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']
print(epoch, loss)
print(optimizer.state_dict()['state'][0]['momentum_buffer'].shape)
print(optimizer)
model.eval()
print(model(x))
try:
    torch.load('model.pth')
except Exception as e:
    print(type(e).__name__)
''',
        r'''<All keys matched successfully>
tensor([[ 0.1771, -0.1557, -0.2865, -0.2394,  0.2786,  0.2275, -0.3713,  0.0517,
          0.2184,  0.4474],
        [ 0.1614, -0.1357, -0.3010, -0.2371,  0.2729,  0.2233, -0.3858,  0.0322,
          0.2290,  0.4606]], grad_fn=<AddmmBackward0>)
TinyVGG(
  (features): Sequential(
    (0): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  )
  (avgpool): AdaptiveAvgPool2d(output_size=(2, 2))
  (classifier): Sequential(
    (0): Linear(in_features=16, out_features=8, bias=True)
    (1): ReLU(inplace=True)
    (2): Dropout(p=0.5, inplace=False)
    (3): Linear(in_features=8, out_features=10, bias=True)
  )
)
tensor([[ 0.1771, -0.1557, -0.2865, -0.2394,  0.2786,  0.2275, -0.3713,  0.0517,
          0.2184,  0.4474],
        [ 0.1614, -0.1357, -0.3010, -0.2371,  0.2729,  0.2233, -0.3858,  0.0322,
          0.2290,  0.4606]], grad_fn=<AddmmBackward0>)
['features.0.weight', 'features.0.bias', 'classifier.0.weight', 'classifier.0.bias', 'classifier.3.weight', 'classifier.3.bias']
tensor([ 0.1651, -0.1720, -0.2930, -0.3040,  0.3527,  0.2244, -0.2444,  0.1383,
         0.2670,  0.3534])
5 0.4
torch.Size([4, 3, 3, 3])
SGD (
Parameter Group 0
    dampening: 0
    differentiable: False
    foreach: None
    fused: None
    lr: 0.001
    maximize: False
    momentum: 0.9
    nesterov: False
    weight_decay: 0
)
tensor([[ 0.1749, -0.1566, -0.2893, -0.2404,  0.2752,  0.2255, -0.3753,  0.0482,
          0.2152,  0.4456],
        [ 0.1593, -0.1371, -0.3035, -0.2382,  0.2697,  0.2213, -0.3896,  0.0290,
          0.2258,  0.4588]], grad_fn=<AddmmBackward0>)
UnpicklingError
'''),
    # the saving and loading recipes: state_dict, checkpoint, several models, warmstarting
    'saving_and_loading_recipes': (r'''import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F

torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
print(net)

optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# Print model's state_dict
print("Model's state_dict:")
for param_tensor in net.state_dict():
    print(param_tensor, "\t", net.state_dict()[param_tensor].size())

print()

# Print optimizer's state_dict
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

# Specify a path
PATH = "state_dict_model.pt"

# Save
torch.save(net.state_dict(), PATH)

# Load
model = Net()
model.load_state_dict(torch.load(PATH))
model.eval()

# Specify a path
PATH = "entire_model.pt"

# Save
torch.save(net, PATH)

# Load
model = torch.load(PATH, weights_only=False)
model.eval()

# Additional information
EPOCH = 5
PATH = "model.pt"
LOSS = 0.4

torch.save({
            'epoch': EPOCH,
            'model_state_dict': net.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': LOSS,
            }, PATH)

model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH)
model.load_state_dict(checkpoint['model_state_dict'])
optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']

model.eval()
# - or -
model.train()
print(epoch, loss, optimizer.state_dict()['param_groups'])

# Multiple models in one file
netA = Net()
netB = Net()
optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.SGD(netB.parameters(), lr=0.001, momentum=0.9)
PATH = "model.pt"
torch.save({
            'modelA_state_dict': netA.state_dict(),
            'modelB_state_dict': netB.state_dict(),
            'optimizerA_state_dict': optimizerA.state_dict(),
            'optimizerB_state_dict': optimizerB.state_dict(),
            }, PATH)
checkpoint = torch.load(PATH, weights_only=True)
netA.load_state_dict(checkpoint['modelA_state_dict'])
netB.load_state_dict(checkpoint['modelB_state_dict'])
print(sorted(checkpoint.keys()))

# Warmstarting a model using parameters from a different model
class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self.fc4 = nn.Linear(10, 2)

    def forward(self, x):
        return self.fc4(netA.forward(x))

netB = NetB()
PATH = "model.pt"
torch.save(netA.state_dict(), PATH)
res = netB.load_state_dict(torch.load(PATH, weights_only=True), strict=False)
print(res)
print(res.missing_keys, res.unexpected_keys)
try:
    netB.load_state_dict(torch.load(PATH, weights_only=True))
except RuntimeError as e:
    print(e)
sd = torch.load(PATH)
sd['fc1.weight'] = torch.zeros(3)
try:
    netA.load_state_dict(sd)
except RuntimeError as e:
    print(e)
x = torch.rand(1, 3, 32, 32)
print(torch.equal(netA(x), netA(x)))
print(torch.load(PATH)['fc3.bias'])
torch.save([torch.ones(2), {'a': (1, 2.5, "s", None, True)}, torch.float64], "misc.pt")
print(torch.load("misc.pt"))
t = torch.arange(6.)
v = t[2:4]
torch.save([t, v], "views.pt")
t2, v2 = torch.load("views.pt")
v2 += 100
print(t2, v2)
''',
        r'''Net(
  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))
  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
Model's state_dict:
conv1.weight 	 torch.Size([6, 3, 5, 5])
conv1.bias 	 torch.Size([6])
conv2.weight 	 torch.Size([16, 6, 5, 5])
conv2.bias 	 torch.Size([16])
fc1.weight 	 torch.Size([120, 400])
fc1.bias 	 torch.Size([120])
fc2.weight 	 torch.Size([84, 120])
fc2.bias 	 torch.Size([84])
fc3.weight 	 torch.Size([10, 84])
fc3.bias 	 torch.Size([10])

Optimizer's state_dict:
state 	 {}
param_groups 	 [{'lr': 0.001, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}]
5 0.4 [{'lr': 0.001, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}]
['modelA_state_dict', 'modelB_state_dict', 'optimizerA_state_dict', 'optimizerB_state_dict']
_IncompatibleKeys(missing_keys=['fc4.weight', 'fc4.bias'], unexpected_keys=[])
['fc4.weight', 'fc4.bias'] []
Error(s) in loading state_dict for NetB:
	Missing key(s) in state_dict: "fc4.weight", "fc4.bias". 
Error(s) in loading state_dict for Net:
	size mismatch for fc1.weight: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([120, 400]).
True
tensor([-0.0714, -0.0326,  0.0677,  0.0622, -0.1001, -0.0234,  0.0219,  0.0064,
         0.0195,  0.0237])
[tensor([1., 1.]), {'a': (1, 2.5, 's', None, True)}, torch.float64]
tensor([  0.,   1., 102., 103.,   4.,   5.]) tensor([102., 103.])
'''),
    # a training script as blog posts write them
    'blog_style_training_script': (r'''import math
import itertools
from collections import defaultdict
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)

class MLP(nn.Module):
    """A small MLP with configurable depth."""
    def __init__(self, sizes, act=nn.Tanh, dropout=0.0):
        super().__init__()
        layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(nn.Linear(a, b))
            if i < len(sizes) - 2:
                layers += [act(), nn.Dropout(dropout)]
        self.net = nn.Sequential(*layers)

    @property
    def num_params(self):
        return sum(p.numel() for p in self.parameters() if p.requires_grad)

    def forward(self, x):
        return self.net(x)

    def __repr__(self):
        return f"MLP(params={self.num_params})"

def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)

model = MLP([2, 8, 8, 1])
model.apply(init_weights)
print(model, model.num_params)
for name, module in model.named_modules():
    print(repr(name), type(module).__name__)


X = torch.linspace(-1, 1, 20).unsqueeze(1)
X = torch.cat([X, X ** 2], dim=1)
y = torch.sin(3 * X[:, :1].double()).float()

history = defaultdict(list)
opt = torch.optim.Adam(itertools.chain(model.parameters()), lr=1e-2)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)

@torch.no_grad()
def evaluate(model, X, y):
    model.eval()
    out = F.mse_loss(model(X), y).item()
    model.train()
    return out

def train_step(batch, *, clip=None, **kwargs):
    xb, yb = batch
    opt.zero_grad(set_to_none=True)
    loss = F.mse_loss(model(xb), yb, **kwargs)
    loss.backward()
    if clip is not None:
        total = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        history["gnorm"].append(round(total.item(), 4))
    opt.step()
    return loss.item()

step = 0
def counter():
    global step
    step += 1
    return step

for epoch in range(30):
    loss = train_step((X, y), clip=1.0, reduction="mean")
    history["loss"].append(loss)
    counter()
    sched.step()
    if epoch % 10 == 9:
        print("epoch %2d | loss %.6f | lr %.4f | eval %.3e" % (epoch + 1, loss, sched.get_last_lr()[0], evaluate(model, X, y)))
        print("{:>8}|{:<8.3f}|{:^10}".format(epoch, loss, "ok"))

print(step, len(history["loss"]), history["gnorm"][:3])
print(min(enumerate(history["loss"]), key=lambda kv: kv[1])[0])
best = sorted(history["loss"])[:2]
print([f"{v:.5f}" for v in best], math.isclose(best[0], min(history["loss"])))

with torch.inference_mode():
    pred = model(X[:3])
print(pred, pred.requires_grad)

@torch.inference_mode()
def predict(x):
    return model(x)
print(predict(X[:2]).is_inference())

def make_multiplier(k):
    def mul(t):
        nonlocal k
        k = k + 1
        return t * k
    return mul
m = make_multiplier(1)
print(m(torch.ones(2)), m(torch.ones(2)))

with torch.autograd.set_detect_anomaly(True):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = (a ** 2).sum()
    b.backward()
print(a.grad, torch.is_anomaly_enabled())

# Freezing and counting
for p in model.net[0].parameters():
    p.requires_grad_(False)
print(model.num_params, [n for n, p in model.named_parameters() if not p.requires_grad])
print(f"{'layer':<10}{'shape':>15}")
for n, p in model.named_parameters():
    print(f"{n:<10}{str(tuple(p.shape)):>15}")
total = 0
for n, p in model.state_dict().items():
    total += p.numel()
print(total, sum(map(lambda t: t.numel(), model.parameters())))
print(sum(1 for _ in model.children()), list(dict(model.named_children()).keys()))
print(torch.stack(list(map(torch.tensor, [[1., 2.], [3., 4.]]))).mean(dim=0))
''',
        r'''MLP(params=105) 105
'' MLP
'net' Sequential
'net.0' Linear
'net.1' Tanh
'net.2' Dropout
'net.3' Linear
'net.4' Tanh
'net.5' Dropout
'net.6' Linear
epoch 10 | loss 0.196260 | lr 0.0050 | eval 1.701e-01
       9|0.196   |    ok    
epoch 20 | loss 0.121536 | lr 0.0025 | eval 1.209e-01
      19|0.122   |    ok    
epoch 30 | loss 0.117661 | lr 0.0013 | eval 1.171e-01
      29|0.118   |    ok    
30 30 [1.6962, 1.4687, 1.2716]
29
['0.11766', '0.11819'] True
tensor([[-0.8809],
        [-0.8715],
        [-0.8428]]) False
True
tensor([2., 2.]) tensor([3., 3.])
tensor([2., 4.]) False
81 ['net.0.weight', 'net.0.bias']
layer               shape
net.0.weight         (8, 2)
net.0.bias           (8,)
net.3.weight         (8, 8)
net.3.bias           (8,)
net.6.weight         (1, 8)
net.6.bias           (1,)
105 105
1 ['net']
tensor([2., 3.])
'''),
    # Extending PyTorch: LinearFunction, MulConstant, MyCube, Linear
    'extending_pytorch_function_and_module': (r'''import torch
import torch.nn as nn
from torch.autograd import Function

torch.manual_seed(0)

# Inherit from Function
class LinearFunction(Function):

    # Note that forward, setup_context, and backward are @staticmethods
    @staticmethod
    def forward(input, weight, bias):
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    # inputs is a Tuple of all of the inputs passed to forward.
    # output is the output of the forward().
    def setup_context(ctx, inputs, output):
        input, weight, bias = inputs
        ctx.save_for_backward(input, weight, bias)

    # This function has only a single output, so it gets only one gradient
    @staticmethod
    def backward(ctx, grad_output):
        # This is a pattern that is very convenient - at the top of backward
        # unpack saved_tensors and initialize all gradients w.r.t. inputs to
        # None. Thanks to the fact that additional trailing Nones are
        # ignored, the return statement is simple even when the function has
        # optional inputs.
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None

        # These needs_input_grad checks are optional and there only to
        # improve efficiency. If you want to make your code simpler, you can
        # skip them. Returning gradients for inputs that don't require it is
        # not an error.
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)

        return grad_input, grad_weight, grad_bias

# Option 1: alias
linear = LinearFunction.apply

# Option 2: wrap in a function, to support default args and keyword args.
def linear2(input, weight, bias=None):
    return LinearFunction.apply(input, weight, bias)


class MulConstant(Function):
    @staticmethod
    def forward(tensor, constant):
        return tensor * constant

    @staticmethod
    def setup_context(ctx, inputs, output):
        # ctx is a context object that can be used to stash information
        # for backward computation
        tensor, constant = inputs
        ctx.constant = constant

    @staticmethod
    def backward(ctx, grad_output):
        # We return as many input gradients as there were arguments.
        # Gradients of non-Tensor arguments to forward must be None.
        return grad_output * ctx.constant, None


class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(x):
        # We wish to save dx for backward. In order to do so, it must
        # be returned as an output.
        dx = 3 * x ** 2
        result = x ** 3
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        # In order for the autograd.Function to work with higher-order
        # gradients, we must add the gradient contribution of `dx`,
        # which is grad_dx * 6 * x.
        result = grad_output * dx + grad_dx * 6 * x
        return result

# Wrap MyCube in a function so that it is clearer what the output is
def my_cube(x):
    result, dx = MyCube.apply(x)
    return result


from torch.autograd import gradcheck

# gradcheck takes a tuple of tensors as input, check if your gradient
# evaluated with these tensors are close enough to numerical
# approximations and returns True if they all verify this condition.
input = (torch.randn(20,20,dtype=torch.double,requires_grad=True), torch.randn(30,20,dtype=torch.double,requires_grad=True))
try:
    gradcheck(linear, input, eps=1e-6, atol=1e-4)
except TypeError as e:
    print('TypeError')
input = input + (torch.randn(30, dtype=torch.double, requires_grad=True),)
test = gradcheck(linear, input, eps=1e-6, atol=1e-4)
print(test)

x = torch.randn(3, requires_grad=True)
w = torch.randn(2, 3, requires_grad=True)
b = torch.randn(2, requires_grad=True)
out = linear(x.unsqueeze(0), w, b)
print(out)
out.sum().backward()
print(x.grad, w.grad, b.grad, sep="\n")
print(linear2(x.unsqueeze(0), w))

y = MulConstant.apply(x, 5.0)
print(y)
y.sum().backward()
print(x.grad)

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = my_cube(x)
print(y)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g)
gg, = torch.autograd.grad(g.sum(), x)
print(gg)
print(gradcheck(my_cube, (torch.randn(3, dtype=torch.double, requires_grad=True),)))
print(torch.autograd.gradgradcheck(my_cube, (torch.randn(3, dtype=torch.double, requires_grad=True),)))


class Linear(nn.Module):
    def __init__(self, input_features, output_features, bias=True):
        super().__init__()
        self.input_features = input_features
        self.output_features = output_features

        # nn.Parameter is a special kind of Tensor, that will get
        # automatically registered as Module's parameter once it's assigned
        # as an attribute. Parameters and buffers need to be registered, or
        # they won't appear in .parameters() (doesn't apply to buffers), and
        # won't be converted when e.g. .cuda() is called. You can use
        # .register_buffer() to register buffers.
        # nn.Parameters require gradients by default.
        self.weight = nn.Parameter(torch.empty(output_features, input_features))
        if bias:
            self.bias = nn.Parameter(torch.empty(output_features))
        else:
            # You should always register all possible parameters, but the
            # optional ones can be None if you want.
            self.register_parameter('bias', None)

        # Not a very smart way to initialize weights
        nn.init.uniform_(self.weight, -0.1, 0.1)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -0.1, 0.1)

    def forward(self, input):
        # See the autograd section for explanation of what happens here.
        return LinearFunction.apply(input, self.weight, self.bias)

    def extra_repr(self):
        # (Optional)Set the extra information about this module. You can test
        # it by printing an object of this class.
        return 'input_features={}, output_features={}, bias={}'.format(
            self.input_features, self.output_features, self.bias is not None
        )

m = Linear(4, 3)
print(m)
m2 = Linear(4, 3, bias=False)
print(m2, m2.bias, [n for n, _ in m2.named_parameters()])
inp = torch.randn(2, 4)
o = m(inp)
print(o)
o.pow(2).mean().backward()
print(m.weight.grad)
print(m.bias.grad)
print(o.grad_fn, type(o.grad_fn).__name__)
''',
        r'''TypeError
True
tensor([[0.5297, 0.0886]], grad_fn=<LinearFunctionBackward>)
tensor([-0.0732,  0.1491, -1.3770])
tensor([[ 0.5429, -0.5430,  1.3089],
        [ 0.5429, -0.5430,  1.3089]])
tensor([1., 1.])
tensor([[-0.4231, -1.4999]], grad_fn=<LinearFunctionBackward>)
tensor([ 2.7143, -2.7149,  6.5443], grad_fn=<MulConstantBackward>)
tensor([4.9268, 5.1491, 3.6230])
tensor([1., 8.], grad_fn=<MyCubeBackward>)
tensor([ 3., 12.], grad_fn=<AddBackward0>)
tensor([ 6., 12.])
True
True
Linear(input_features=4, output_features=3, bias=True)
Linear(input_features=4, output_features=3, bias=False) None ['weight']
tensor([[-0.0993,  0.3060,  0.1048],
        [ 0.0977,  0.0433,  0.0078]], grad_fn=<LinearFunctionBackward>)
tensor([[ 0.0718,  0.0243, -0.0354,  0.0695],
        [-0.0420, -0.1650,  0.2341, -0.0219],
        [-0.0181, -0.0547,  0.0776, -0.0115]])
tensor([-0.0005,  0.1164,  0.0375])
<torch.autograd.function.LinearFunctionBackward object at 0x7f2289b4f9b0> LinearFunctionBackward
'''),
    # Double Backward with Custom Functions (`_grad_out_exp` renamed: formulas refuse `_` names)
    'double_backward_with_custom_functions': (r'''import torch

torch.manual_seed(0)

class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        # Because we are saving one of the inputs use `save_for_backward`
        # Save non-tensors and non-inputs/non-outputs directly on ctx
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, grad_out):
        # A function support double backward automatically if autograd
        # is able to record the computations performed in backward
        x, = ctx.saved_tensors
        return grad_out * 2 * x

# Use double precision because finite differencing method magnifies errors
x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print(torch.autograd.gradcheck(Square.apply, x))
# Use gradcheck to verify second-order derivatives
print(torch.autograd.gradgradcheck(Square.apply, x))

x = torch.tensor(1., requires_grad=True).clone()
out = Square.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x, x, out)
print(grad_x.grad_fn, grad_x.grad_fn.next_functions)


class Exp(torch.autograd.Function):
    # Simple case where everything goes well
    @staticmethod
    def forward(ctx, x):
        # This time we save the output
        result = torch.exp(x)
        # Note that we should use `save_for_backward` here when
        # the tensor saved is an ouptut (or an input).
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return result * grad_out

x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
# Validate our gradients using gradcheck
print(torch.autograd.gradcheck(Exp.apply, x))
print(torch.autograd.gradgradcheck(Exp.apply, x))

out = Exp.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x)
print(grad_x.grad_fn, grad_x.grad_fn.next_functions)


class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        # In order to be able to save the intermediate results, a trick is to
        # include them as our outputs, so that the backward graph is constructed
        return (expx - expnegx) / 2, expx, expnegx

    @staticmethod
    def backward(ctx, grad_out, grad_out_exp_, grad_out_negexp_):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        # We cannot skip accumulating these even though we won't use the outputs
        # directly. They will be used later in the second backward.
        grad_input += grad_out_exp_ * expx
        grad_input -= grad_out_negexp_ * expnegx
        return grad_input

def sinh(x):
    # Create a wrapper that only returns the first output
    return Sinh.apply(x)[0]

x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print(torch.autograd.gradcheck(sinh, x))
print(torch.autograd.gradgradcheck(sinh, x))

x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
out = sinh(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x)
gg, = torch.autograd.grad(grad_x, x)
print(gg)


class SinhBad(torch.autograd.Function):
    # This is an example of what NOT to do!
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.expx = expx
        ctx.expnegx = expnegx
        return (expx - expnegx) / 2

    @staticmethod
    def backward(ctx, grad_out):
        expx = ctx.expx
        expnegx = ctx.expnegx
        grad_input = grad_out * (expx + expnegx) / 2
        return grad_input

x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
out = SinhBad.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x)
try:
    torch.autograd.gradgradcheck(SinhBad.apply, (torch.rand(2, dtype=torch.double, requires_grad=True),))
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])


class CubeBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, grad_out, x):
        ctx.save_for_backward(x, grad_out)
        return grad_out * 3 * x ** 2

    @staticmethod
    def backward(ctx, grad_out):
        x, grad_out_prev = ctx.saved_tensors
        dgrad_out = grad_out * 3 * x ** 2
        dx = grad_out * 6 * x * grad_out_prev
        return dgrad_out, dx

class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return CubeBackward.apply(grad_out, x)

x = torch.tensor(2., requires_grad=True, dtype=torch.double)

print(torch.autograd.gradcheck(Cube.apply, x))
print(torch.autograd.gradgradcheck(Cube.apply, x))

out = Cube.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x, grad_x.grad_fn, grad_x.grad_fn.next_functions)
gg, = torch.autograd.grad(grad_x, x)
print(gg)
''',
        r'''True
True
tensor(2., grad_fn=<MulBackward0>) tensor(1., grad_fn=<CloneBackward0>) tensor(1., grad_fn=<SquareBackward>)
<MulBackward0 object at 0x7f7c9d878f70> ((None, 0), (<CloneBackward0 object at 0x7f7c9d878f40>, 0))
True
True
tensor(2.7183, dtype=torch.float64, grad_fn=<MulBackward0>)
<MulBackward0 object at 0x7f7c9d879330> ((<torch.autograd.function.ExpBackward object at 0x7f7cc0539d00>, 0), (None, 0))
True
True
tensor(1.5431, dtype=torch.float64, grad_fn=<SubBackward0>)
tensor(1.1752, dtype=torch.float64)
tensor(1.5431, dtype=torch.float64)
GradcheckError Jacobian mismatch for output 0 with respect to input 0,
True
True
tensor(12., dtype=torch.float64, grad_fn=<CubeBackwardBackward>) <torch.autograd.function.CubeBackwardBackward object at 0x7f7cc0539d00> ((None, 0), (<AccumulateGrad object at 0x7f7c9d887f40>, 0))
tensor(12., dtype=torch.float64)
'''),
    # Jacobians, Hessians, hvp, vhp, and more
    'jacobians_hessians_hvp_vhp': (r'''import torch
import torch.nn.functional as F
from functools import partial
from torch.func import vmap, vjp, jvp, jacrev, jacfwd, hessian

_ = torch.manual_seed(0)

def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()

D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector

primal = x.clone().requires_grad_()
cotangents = torch.eye(D)

# Method 1
# Use PyTorch autograd naively
def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in cotangents]
    return torch.stack(jacobian_rows)

jacobian = compute_jac(primal)

print(jacobian.shape)
print(jacobian[0])  # show first row

jacobian2 = jacrev(predict, argnums=2)(weight, bias, x)
print(jacobian2[0])
assert torch.allclose(jacobian, jacobian2)
print(torch.equal(jacobian, jacobian2))

# note the change in input via ``argnums`` parameters of 0,1 to map to weight and bias
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)

# vjp and vmap approach
_, vjp_fn = vjp(partial(predict, weight, bias), primal)
ft_jacobian, = vmap(vjp_fn)(cotangents)
assert torch.allclose(ft_jacobian, jacobian)
print(torch.equal(ft_jacobian, jacobian))
print(ft_jac_weight.shape, ft_jac_bias.shape, ft_jac_bias[0, :4])

Din = 32
Dout = 2048
weight = torch.randn(Dout, Din)

bias = torch.randn(Dout)
x = torch.randn(Din)

using_fwd = jacfwd(predict, argnums=2)(weight, bias, x)
using_bwd = jacrev(predict, argnums=2)(weight, bias, x)

print(f'max diff is {(using_fwd - using_bwd).abs().max()}')
print(using_fwd.shape)

D = 4
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)

hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print(hess_api.shape, torch.allclose(hess_api, hess_fwdfwd), torch.allclose(hess_api, hess_revrev))
print(hess_api[0])

batch_size = 8
Din = 4
Dout = 3

weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(batch_size, Din)

compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)

def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)

batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
assert torch.allclose(batch_jacobian0, batch_jacobian1)
print(batch_jacobian0.shape, batch_jacobian0[0])

compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))

batch_hess = compute_batch_hessian(weight, bias, x)
print(batch_hess.shape)

def hvp(f, primals, tangents):
  return jvp(jacrev(f), primals, tangents)[1]

def f(x):
  return x.sin().sum()

x = torch.randn(2048)
tangent = torch.randn(2048)

result = hvp(f, (x,), (tangent,))
print(result.shape)

def hvp_revrev(f, primals, tangents):
  _, vjp_fn = vjp(jacrev(f), *primals)
  return vjp_fn(*tangents)

result_hvp_revrev = hvp_revrev(f, (x,), (tangent,))
assert torch.allclose(result, result_hvp_revrev[0])
x = torch.tensor([0.5, 1.0, 2.0])
t = torch.tensor([1.0, 0.0, 1.0])
print(hvp(f, (x,), (t,)), hvp_revrev(f, (x,), (t,)))
print(torch.autograd.functional.hvp(f, x, t))
print(torch.autograd.functional.vhp(f, x, t))
print(torch.autograd.functional.jacobian(lambda v: v ** 2, x))
print(torch.autograd.functional.hessian(f, x))
''',
        r'''torch.Size([16, 16])
tensor([-0.5956, -0.6096, -0.1326, -0.2295,  0.4490,  0.3661, -0.1672, -1.1190,
         0.1705, -0.6683,  0.1851,  0.1630,  0.0634,  0.6547,  0.5908, -0.1308])
tensor([-0.5956, -0.6096, -0.1326, -0.2295,  0.4490,  0.3661, -0.1672, -1.1190,
         0.1705, -0.6683,  0.1851,  0.1630,  0.0634,  0.6547,  0.5908, -0.1308])
True
True
torch.Size([16, 16, 16]) torch.Size([16, 16]) tensor([0.5290, 0.0000, 0.0000, 0.0000])
max diff is 0.0
torch.Size([2048, 32])
torch.Size([4, 4, 4]) True True
tensor([[ 0.0001, -0.0007,  0.0038, -0.0019],
        [-0.0007,  0.0035, -0.0201,  0.0102],
        [ 0.0038, -0.0201,  0.1148, -0.0585],
        [-0.0019,  0.0102, -0.0585,  0.0298]])
torch.Size([8, 3, 4]) tensor([[-2.3597e-01, -1.9844e+00,  6.6215e-01,  6.6151e-01],
        [-5.9713e-01,  1.6793e+00,  7.9347e-02,  2.7575e-01],
        [ 3.0073e-04, -4.4549e-03,  2.9263e-02, -2.7249e-02]])
torch.Size([8, 3, 4, 4])
torch.Size([2048])
tensor([-0.4794, -0.0000, -0.9093]) (tensor([-0.4794, -0.0000, -0.9093]),)
(tensor(2.2302), tensor([-0.4794, -0.0000, -0.9093]))
(tensor(2.2302), tensor([-0.4794, -0.0000, -0.9093]))
tensor([[1., 0., 0.],
        [0., 2., 0.],
        [0., 0., 4.]])
tensor([[-0.4794, -0.0000, -0.0000],
        [-0.0000, -0.8415, -0.0000],
        [-0.0000, -0.0000, -0.9093]])
'''),
    # Per-sample gradients
    'per_sample_gradients': (r'''import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

# Here's a simple CNN and loss function:

class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 8, 3, 1)
        self.fc1 = nn.Linear(8 * 3 * 3, 16)
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output

def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)

device = 'cpu'

num_models = 10
batch_size = 8
data = torch.randn(batch_size, 1, 10, 10, device=device)

targets = torch.randint(10, (8,), device=device)

model = SimpleCNN().to(device=device)
predictions = model(data)  # move the entire mini-batch through the model

loss = loss_fn(predictions, targets)
loss.backward()  # back propagate the 'average' gradient of this mini-batch
print(loss)

def compute_grad(sample, target):
    sample = sample.unsqueeze(0)  # prepend batch dimension for processing
    target = target.unsqueeze(0)

    prediction = model(sample)
    loss = loss_fn(prediction, target)

    return torch.autograd.grad(loss, list(model.parameters()))


def compute_sample_grads(data, targets):
    """ manually process each sample with per sample gradient """
    sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
    sample_grads = zip(*sample_grads)
    sample_grads = [torch.stack(shards) for shards in sample_grads]
    return sample_grads

per_sample_grads = compute_sample_grads(data, targets)
print(per_sample_grads[1].shape) # per-sample gradient for the bias of conv1

from torch.func import functional_call, vmap, grad

params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}

def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)

    predictions = functional_call(model, (params, buffers), (batch,))
    loss = loss_fn(predictions, targets)
    return loss

ft_compute_grad = grad(compute_loss)
ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)

# we can double check that the results using ``grad`` and ``vmap`` match the results of hand processing each one individually:
for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)
print([(k, tuple(v.shape)) for k, v in ft_per_sample_grads.items()])
print(ft_per_sample_grads['fc2.bias'][:2])
print(per_sample_grads[-1][:2])
''',
        r'''tensor(2.2910, grad_fn=<NllLossBackward0>)
torch.Size([8, 4])
[('conv1.weight', (8, 4, 1, 3, 3)), ('conv1.bias', (8, 4)), ('conv2.weight', (8, 8, 4, 3, 3)), ('conv2.bias', (8, 8)), ('fc1.weight', (8, 16, 72)), ('fc1.bias', (8, 16)), ('fc2.weight', (8, 10, 16)), ('fc2.bias', (8, 10))]
tensor([[ 0.0872,  0.1041,  0.1357,  0.0933,  0.1184,  0.0855,  0.0784, -0.8887,
          0.0879,  0.0981],
        [-0.9141,  0.1018,  0.1394,  0.0903,  0.1127,  0.0896,  0.0842,  0.1147,
          0.0869,  0.0945]])
tensor([[ 0.0872,  0.1041,  0.1357,  0.0933,  0.1184,  0.0855,  0.0784, -0.8887,
          0.0879,  0.0981],
        [-0.9141,  0.1018,  0.1394,  0.0903,  0.1127,  0.0896,  0.0842,  0.1147,
          0.0869,  0.0945]])
'''),
    # Model ensembling (stack_module_state written out, torch.func.vmap)
    'model_ensembling': (r'''import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

# Here's a simple MLP
class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x

device = 'cpu'
num_models = 10

data = torch.randn(12, 8, 1, 28, 28, device=device)
targets = torch.randint(10, (96,), device=device)

models = [SimpleMLP().to(device) for _ in range(num_models)]

minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]

minibatch = data[0]
predictions2 = [model(minibatch) for model in models]

def stack_module_state(models):
    params = {k: torch.stack([dict(m.named_parameters())[k].detach() for m in models]).requires_grad_() for k, _ in models[0].named_parameters()}
    buffers = {k: torch.stack([dict(m.named_buffers())[k] for m in models]) for k, _ in models[0].named_buffers()}
    return params, buffers

params, buffers = stack_module_state(models)

from torch.func import functional_call
import copy

# Construct a "stateless" version of one of the models. It is "stateless" in
# the sense that the parameters are meta Tensors and do not have storage.
base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')

def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))

print([p.size(0) for p in params.values()]) # show the leading 'num_models' dimension

assert minibatches.shape == (num_models, 8, 1, 28, 28) # verify minibatch has leading dimension of size 'num_models'

from torch.func import vmap

predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)

# verify the ``vmap`` predictions match the
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)

predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)

assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions2_vmap.shape, predictions1_vmap.shape)
print(predictions2_vmap[0, 0])
print(predictions2[0][0])
''',
        r'''[10, 10, 10, 10, 10, 10]
torch.Size([10, 8, 10]) torch.Size([10, 8, 10])
tensor([ 0.0891, -0.2201,  0.0256, -0.1229, -0.0956,  0.1633, -0.0981,  0.0375,
        -0.1472,  0.0045], grad_fn=<SelectBackward0>)
tensor([ 0.0891, -0.2201,  0.0256, -0.1229, -0.0956,  0.1633, -0.0981,  0.0375,
        -0.1472,  0.0045], grad_fn=<SelectBackward0>)
'''),
    # Neural Tangent Kernels (without torch.backends.cudnn.flags)
    'neural_tangent_kernels': (r'''import torch
import torch.nn as nn
from torch.func import functional_call, vmap, vjp, jvp, jacrev
device = 'cuda' if torch.cuda.device_count() > 0 else 'cpu'
torch.manual_seed(0)

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, (3, 3))
        self.conv2 = nn.Conv2d(4, 4, (3, 3))
        self.conv3 = nn.Conv2d(4, 4, (3, 3))
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = x.relu()
        x = self.conv2(x)
        x = x.relu()
        x = self.conv3(x)
        x = x.flatten(1)
        x = self.fc(x)
        return x

x_train = torch.randn(6, 3, 8, 8, device=device)
x_test = torch.randn(3, 3, 8, 8, device=device)

net = CNN().to(device)

# Detaching the parameters because we won't be calling Tensor.backward().
params = {k: v.detach() for k, v in net.named_parameters()}

def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)

def empirical_ntk_jacobian_contraction(fnet_single, params, x1, x2):
    # Compute J(x1)
    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    jac1 = jac1.values()
    jac1 = [j.flatten(2) for j in jac1]

    # Compute J(x2)
    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    jac2 = jac2.values()
    jac2 = [j.flatten(2) for j in jac2]

    # Compute J(x1) @ J(x2).T
    result = torch.stack([torch.einsum('Naf,Mbf->NMab', j1, j2) for j1, j2 in zip(jac1, jac2)])
    result = result.sum(0)
    return result

result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test)
print(result.shape)

def empirical_ntk_jacobian_contraction(fnet_single, params, x1, x2, compute='full'):
    # Compute J(x1)
    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    jac1 = jac1.values()
    jac1 = [j.flatten(2) for j in jac1]

    # Compute J(x2)
    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    jac2 = jac2.values()
    jac2 = [j.flatten(2) for j in jac2]

    # Compute J(x1) @ J(x2).T
    einsum_expr = None
    if compute == 'full':
        einsum_expr = 'Naf,Mbf->NMab'
    elif compute == 'trace':
        einsum_expr = 'Naf,Maf->NM'
    elif compute == 'diagonal':
        einsum_expr = 'Naf,Maf->NMa'
    else:
        assert False

    result = torch.stack([torch.einsum(einsum_expr, j1, j2) for j1, j2 in zip(jac1, jac2)])
    result = result.sum(0)
    return result

result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'trace')
print(result.shape)
print(result[0])

def empirical_ntk_ntk_vps(func, params, x1, x2, compute='full'):
    def get_ntk(x1, x2):
        def func_x1(params):
            return func(params, x1)

        def func_x2(params):
            return func(params, x2)

        output, vjp_fn = vjp(func_x1, params)

        def get_ntk_slice(vec):
            # This computes ``vec @ J(x2).T``
            # `vec` is some unit vector (a single slice of the Identity matrix)
            vjps = vjp_fn(vec)
            # This computes ``J(X1) @ vjps``
            _, jvps = jvp(func_x2, (params,), vjps)
            return jvps

        # Here's our identity matrix
        basis = torch.eye(output.numel(), dtype=output.dtype, device=output.device).view(output.numel(), -1)
        return vmap(get_ntk_slice)(basis)

    # ``get_ntk(x1, x2)`` computes the NTK for a single data point x1, x2
    # Since the x1, x2 inputs to ``empirical_ntk_ntk_vps`` are batched,
    # we actually wish to compute the NTK between every pair of data points
    # between {x1} and {x2}. That's what the ``vmaps`` here do.
    result = vmap(vmap(get_ntk, (None, 0)), (0, None))(x1, x2)

    if compute == 'full':
        return result
    if compute == 'trace':
        return torch.einsum('NMKK->NM', result)
    if compute == 'diagonal':
        return torch.einsum('NMKK->NMK', result)

# Disable TensorFloat-32 for convolutions on Ampere+ GPUs to sacrifice performance in favor of accuracy
if True:
    result_from_jacobian_contraction = empirical_ntk_jacobian_contraction(fnet_single, params, x_test, x_train)
    result_from_ntk_vps = empirical_ntk_ntk_vps(fnet_single, params, x_test, x_train)

assert torch.allclose(result_from_jacobian_contraction, result_from_ntk_vps, atol=1e-5)
print(result_from_ntk_vps.shape)
print(result_from_ntk_vps[0, 0, :2])
''',
        r'''torch.Size([6, 3, 10, 10])
torch.Size([6, 3])
tensor([18.3630, 21.2909, 19.6478])
torch.Size([3, 6, 10, 10])
tensor([[ 1.5214,  0.2648, -0.4088,  0.1459,  0.6627, -0.1322, -0.7632, -0.2487,
         -0.1066,  0.5021],
        [ 0.0636,  1.5817, -0.3185,  0.2271, -0.0712, -0.0863, -0.7566, -0.3529,
         -0.0327,  0.1040]])
'''),
}

_ADDRESS = re.compile(r"0x[0-9a-f]+")


# Programs whose float32 Linear layers go through a matrix product that MKL sums in an
# order gradcli does not reproduce (README, Differences): a printed loss can then differ in
# its last printed digit. Their text must match exactly and each number to 1e-6 relative.
_MATMUL_ROUNDING = {"quickstart"}
_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
# Programs of plain Python and NumPy: their reference is what Python itself prints for them
# on this machine (NumPy's sin and sums round by the CPU's vector width: the text above is
# from a machine with AVX-512, whose last digits differ from an AVX2 machine's).
_PLAIN_PYTHON = {"examples_numpy_polynomial"}


def _python_prints(source: str) -> str:
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<program>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_tutorial_prints_what_torch_printed(name):
    source, expected = PROGRAMS[name]
    out = io.StringIO()
    run_source(source, filename=f"<{name}>", out=out)
    got, want = _ADDRESS.sub("0x", out.getvalue()), _ADDRESS.sub("0x", expected)
    if name in _PLAIN_PYTHON:
        assert got == _python_prints(source)        # exactly what Python prints here
        assert _close(got, want, 1e-12)             # and the recorded text to its last digits
        return
    if name not in _MATMUL_ROUNDING:
        assert got == want
        return
    assert _close(got, want)


def _close(got: str, want: str, rel: float = 1e-6) -> bool:
    """The same text, each number within `rel` of the other."""
    if _NUMBER.sub("#", got) != _NUMBER.sub("#", want):
        return False
    pairs = list(zip(_NUMBER.findall(got), _NUMBER.findall(want)))
    return all(abs(float(a) - float(b)) <= rel * max(1.0, abs(float(b))) for a, b in pairs)
