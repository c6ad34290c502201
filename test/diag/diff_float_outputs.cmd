diff res_ok.txt x_float.npy
