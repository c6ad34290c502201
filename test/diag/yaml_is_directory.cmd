check adir.npy
