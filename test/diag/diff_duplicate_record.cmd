diff res_dup.txt res_ok.txt
