import GalenTensor
let i = BLAS.info()
print(i)
