diff res_ok.txt no_such.txt
