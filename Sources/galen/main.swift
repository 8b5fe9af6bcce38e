import GalenTensor
print(try BLAS.info())
