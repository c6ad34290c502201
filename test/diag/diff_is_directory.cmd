diff res_ok.txt adir.npy
